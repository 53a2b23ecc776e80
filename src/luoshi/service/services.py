"""Writes of the service to enterprises: enterprises and their sign-ins, cadre assignments
(包保) and visits, and the appeal workflow received → assigned → answered → closed.

Each public function is one transaction that checks the actor's permission and data scope,
writes the change and its audit entry; pages, API, command line, importers and the demo all
come through here. Who may do what:

- HQ (``service.manage``, over its region): enterprises, accounts, assignments; registers,
  assigns, reassigns (with a reason) and closes appeals;
- a unit (``appeals.handle``): answers the appeals assigned to it, or hands one back to HQ
  with a reason; records the visits of its own cadres;
- an enterprise (``appeals.raise``): raises appeals of its own and rates the answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, UsccError
from luoshi.core.models import Region
from luoshi.core.permissions import Access, DataScope, access_for, unit_in_scope
from luoshi.core.uscc import check_uscc
from luoshi.core.workdays import add_workdays, move_to_workday
from luoshi.orgs.models import Official, Role, Unit, User
from luoshi.service.models import (
    Appeal,
    AppealCategory,
    AppealEvent,
    AppealStatus,
    Assignment,
    Enterprise,
    EnterpriseAccount,
    EnterpriseSize,
    Industry,
    RaisedVia,
    Satisfaction,
    Visit,
)

ENTERPRISE_FIELDS = ("name", "uscc", "region", "industry", "size", "address", "contact_name",
                     "contact_phone", "is_active")
ASSIGNMENT_FIELDS = ("enterprise", "official", "unit", "start_date", "end_date")
VISIT_FIELDS = ("assignment", "visited_on", "findings", "services")
APPEAL_FIELDS = ("status", "unit", "deadline", "response", "answered_on", "closed_on",
                 "closure_note", "satisfaction", "satisfaction_note")
DEFAULT_DEADLINE_WORKDAYS = 10

# action: (statuses it starts from, status it leads to, permission of the actor)
TRANSITIONS = {
    "assign": ({AppealStatus.RECEIVED}, AppealStatus.ASSIGNED, "service.manage"),
    "reassign": ({AppealStatus.ASSIGNED, AppealStatus.ANSWERED}, AppealStatus.ASSIGNED,
                 "service.manage"),
    "return": ({AppealStatus.ASSIGNED}, AppealStatus.RECEIVED, "appeals.handle"),
    "answer": ({AppealStatus.ASSIGNED}, AppealStatus.ANSWERED, "appeals.handle"),
    "close": ({AppealStatus.ANSWERED}, AppealStatus.CLOSED, "service.manage"),
}


def deadline_workdays() -> int:
    """Working days an appeal has from its receipt (setting LUOSHI_APPEAL_DEADLINE_WORKDAYS)."""
    return int(getattr(settings, "LUOSHI_APPEAL_DEADLINE_WORKDAYS", DEFAULT_DEADLINE_WORKDAYS))


def appeal_deadline(received_on: dt.date) -> dt.date:
    return add_workdays(received_on, deadline_workdays())


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _moment(on: dt.date | None) -> dt.datetime:
    """When a step happened: now, or for a dated step (import, demo) noon of that day."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


# --- scope -------------------------------------------------------------------------------

def region_in_scope(access: Access, region_code: str) -> bool:
    """HQ's scope over enterprises and appeals is its region; every other scope narrows to
    the region of the user's own unit."""
    if access.scope == DataScope.ALL:
        return True
    return bool(access.region_prefix) and region_code.startswith(access.region_prefix)


def require_manager(actor, region_code: str) -> Access:
    access = access_for(actor)
    access.require("service.manage")
    if not region_in_scope(access, region_code):
        raise PermissionDenied("该企业不在您的数据范围内")
    return access


def account_enterprise_id(actor) -> int | None:
    """The enterprise an enterprise user signs in for, or None."""
    if not getattr(actor, "pk", None):
        return None
    cached = getattr(actor, "_luoshi_enterprise_id", False)
    if cached is False:
        cached = (EnterpriseAccount.objects.filter(user_id=actor.pk)
                  .values_list("enterprise_id", flat=True).first())
        actor._luoshi_enterprise_id = cached
    return cached


def _require_own_enterprise(actor, enterprise_id: int) -> None:
    access_for(actor).require("appeals.raise")
    if account_enterprise_id(actor) != enterprise_id:
        raise NotFound("诉求不存在或不属于本企业")


def _require_handler(actor, appeal: Appeal) -> None:
    access = access_for(actor)
    access.require("appeals.handle")
    if appeal.unit_id is None or not unit_in_scope(access, appeal.unit):
        raise PermissionDenied("该诉求没有交办给本单位")


# --- enterprises -------------------------------------------------------------------------

@dataclass
class EnterpriseData:
    name: str
    uscc: str
    region_code: str
    size: str
    industry: str = ""
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_active: bool = True


def normalise_uscc(code: str) -> str:
    """The code checked (GB 32100 check character) and normalised, or ``InvalidInput``."""
    try:
        return check_uscc(code).code
    except UsccError as exc:
        raise InvalidInput(exc.message, field="uscc", code=exc.code) from exc


def validate_enterprise(data: EnterpriseData, *, current: Enterprise | None = None) -> tuple[str, Region]:
    if not data.name.strip():
        raise InvalidInput("企业名称不能为空", field="name")
    if len(data.name.strip()) > 128:
        raise InvalidInput("企业名称最多128字", field="name")
    uscc = normalise_uscc(data.uscc)
    taken = Enterprise.objects.filter(uscc=uscc)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if taken.exists():
        raise Conflict(f"统一社会信用代码“{uscc}”已登记为另一家企业", code="duplicate_uscc")
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise InvalidInput(f"区划代码“{data.region_code}”不存在", field="region_code")
    if data.size not in EnterpriseSize.values:
        raise InvalidInput("请选择企业规模：大型、中型、小型或微型", field="size")
    if data.industry and data.industry not in Industry.values:
        raise InvalidInput(f"行业门类“{data.industry}”不在GB/T 4754-2017的A—T门类中", field="industry")
    return uscc, region


def _apply_enterprise(enterprise: Enterprise, data: EnterpriseData, uscc: str, region: Region) -> None:
    enterprise.name, enterprise.uscc, enterprise.region = data.name.strip(), uscc, region
    enterprise.industry, enterprise.size = data.industry, data.size
    enterprise.address, enterprise.contact_name = data.address.strip(), data.contact_name.strip()
    enterprise.contact_phone, enterprise.is_active = data.contact_phone.strip(), data.is_active


@transaction.atomic
def create_enterprise(*, actor, data: EnterpriseData) -> Enterprise:
    uscc, region = validate_enterprise(data)
    require_manager(actor, region.code)
    enterprise = Enterprise()
    _apply_enterprise(enterprise, data, uscc, region)
    enterprise.save()
    audit.record_saved(actor=actor, obj=enterprise, before=None, fields=ENTERPRISE_FIELDS)
    return enterprise


@transaction.atomic
def update_enterprise(*, actor, enterprise: Enterprise, data: EnterpriseData) -> Enterprise:
    require_manager(actor, enterprise.region_id)
    uscc, region = validate_enterprise(data, current=enterprise)
    require_manager(actor, region.code)
    before = audit.snapshot(enterprise, ENTERPRISE_FIELDS)
    _apply_enterprise(enterprise, data, uscc, region)
    enterprise.save()
    if before["region"] != region.code:  # the appeals follow the enterprise's region
        Appeal.objects.filter(enterprise=enterprise).update(region=region, city=region.code[:4])
    audit.record_saved(actor=actor, obj=enterprise, before=before, fields=ENTERPRISE_FIELDS)
    return enterprise


@transaction.atomic
def open_enterprise_account(*, actor, enterprise: Enterprise, username: str, full_name: str,
                            password: str) -> User:
    """A sign-in for the enterprise with the built-in role ``enterprise`` and no unit. HQ opens
    it (service.manage); the user must change the password at first sign-in."""
    require_manager(actor, enterprise.region_id)
    username = username.strip()
    if not username:
        raise InvalidInput("请填写用户名", field="username")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"用户名“{username}”已存在", code="duplicate_username")
    user = User(username=username, full_name=full_name.strip() or enterprise.name,
                must_change_password=True)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("；".join(exc.messages), field="password", code="weak_password") from exc
    user.set_password(password)
    user.save()
    user.roles.set([Role.objects.get(code="enterprise")])
    account = EnterpriseAccount.objects.create(user=user, enterprise=enterprise)
    audit.record(actor=actor, action="create", obj=account,
                 after={"user": user.username, "enterprise": enterprise.uscc, "roles": ["enterprise"]})
    return user


# --- assignments and visits --------------------------------------------------------------

@dataclass
class AssignmentData:
    official_id: int
    start_date: dt.date
    end_date: dt.date | None = None


@transaction.atomic
def assign_cadre(*, actor, enterprise: Enterprise, data: AssignmentData) -> Assignment:
    """Assign an official to help the enterprise (包保) from ``start_date``."""
    require_manager(actor, enterprise.region_id)
    official = Official.objects.select_related("unit").filter(pk=data.official_id).first()
    if official is None:
        raise InvalidInput("所选干部不存在", field="official")
    if not official.is_active:
        raise InvalidInput(f"{official.name}已离任，不能包保企业", field="official")
    if data.end_date is not None and data.end_date < data.start_date:
        raise InvalidInput("包保结束日期不能早于起始日期", field="end_date")
    current = Assignment.objects.filter(enterprise=enterprise, official=official, end_date__isnull=True)
    if current.exists():
        raise Conflict(f"{official.name}正在包保该企业", code="duplicate_assignment")
    if Assignment.objects.filter(enterprise=enterprise, official=official,
                                 start_date=data.start_date).exists():
        raise Conflict(f"{official.name}自{data.start_date:%Y-%m-%d}起包保该企业的记录已存在",
                       code="duplicate_assignment")
    assignment = Assignment.objects.create(enterprise=enterprise, official=official,
                                           unit=official.unit, start_date=data.start_date,
                                           end_date=data.end_date)
    audit.record_saved(actor=actor, obj=assignment, before=None, fields=ASSIGNMENT_FIELDS)
    return assignment


@transaction.atomic
def end_assignment(*, actor, assignment: Assignment, end_date: dt.date) -> Assignment:
    require_manager(actor, assignment.enterprise.region_id)
    if end_date < assignment.start_date:
        raise InvalidInput("包保结束日期不能早于起始日期", field="end_date")
    before = audit.snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.end_date = end_date
    assignment.save(update_fields=["end_date"])
    audit.record_saved(actor=actor, obj=assignment, before=before, fields=ASSIGNMENT_FIELDS)
    return assignment


def may_record_visit(actor, assignment: Assignment) -> bool:
    """HQ over the enterprise's region, the cadre's own unit, or the cadre himself."""
    access = access_for(actor)
    if access.has("service.manage") and region_in_scope(access, assignment.enterprise.region_id):
        return True
    if getattr(actor, "official_id", None) and actor.official_id == assignment.official_id:
        return True
    return access.has("appeals.handle") and unit_in_scope(access, assignment.unit)


@dataclass
class VisitData:
    visited_on: dt.date
    findings: str
    services: str = ""


@transaction.atomic
def record_visit(*, actor, assignment: Assignment, data: VisitData) -> Visit:
    if not may_record_visit(actor, assignment):
        raise PermissionDenied("只有指挥部、包保干部本人或其所在单位可以记录走访")
    if not data.findings.strip():
        raise InvalidInput("请填写走访了解的情况", field="findings")
    if data.visited_on < assignment.start_date or (
            assignment.end_date and data.visited_on > assignment.end_date):
        raise InvalidInput("走访日期不在包保期间之内", field="visited_on")
    if data.visited_on > timezone.localdate():
        raise InvalidInput("走访日期不能晚于今天", field="visited_on")
    visit = Visit.objects.create(assignment=assignment, visited_on=data.visited_on,
                                 findings=data.findings.strip(), services=data.services.strip(),
                                 recorded_by=actor if getattr(actor, "pk", None) else None)
    audit.record_saved(actor=actor, obj=visit, before=None, fields=VISIT_FIELDS)
    return visit


# --- appeals -----------------------------------------------------------------------------

@dataclass
class AppealData:
    category: str
    title: str
    content: str
    received_on: dt.date | None = None  # HQ may register an appeal received earlier


def _validate_appeal(data: AppealData) -> None:
    if data.category not in AppealCategory.values:
        raise InvalidInput("请选择诉求类别", field="category")
    if not data.title.strip():
        raise InvalidInput("请用一句话写明诉求事项", field="title")
    if len(data.title.strip()) > 200:
        raise InvalidInput("诉求事项最多200字，详细情况请写在诉求内容中", field="title")
    if not data.content.strip():
        raise InvalidInput("请填写诉求内容", field="content")
    if data.received_on and data.received_on > timezone.localdate():
        raise InvalidInput("受理日期不能晚于今天", field="received_on")


def _raised_via(actor, enterprise: Enterprise, visit: Visit | None) -> str:
    """Where the appeal comes from, checking the actor may bring it in that way."""
    if visit is not None:
        if visit.assignment.enterprise_id != enterprise.pk:
            raise InvalidInput("走访记录不属于该企业", field="visit")
        if not may_record_visit(actor, visit.assignment):
            raise PermissionDenied("只有指挥部、包保干部本人或其所在单位可以登记走访收集的诉求")
        return RaisedVia.VISIT
    access = access_for(actor)
    if access.has("appeals.raise") and account_enterprise_id(actor) == enterprise.pk:
        return RaisedVia.ENTERPRISE
    if access.has("service.manage") and region_in_scope(access, enterprise.region_id):
        return RaisedVia.OFFICE
    if access.has("appeals.raise"):
        raise PermissionDenied("只能为本企业提出诉求")
    access.require("service.manage")
    raise PermissionDenied("该企业不在您的数据范围内")


def _event(appeal: Appeal, actor, action: str, old: str, *, on: dt.date | None = None,
           from_unit: Unit | None = None, note: str = "") -> None:
    AppealEvent.objects.create(
        appeal=appeal, at=_moment(on), actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "system"), action=action, from_status=old,
        to_status=appeal.status, from_unit=from_unit, to_unit=appeal.unit, note=note)


@transaction.atomic
def raise_appeal(*, actor, enterprise: Enterprise, data: AppealData, visit: Visit | None = None,
                 on: dt.date | None = None) -> Appeal:
    """Register an appeal. An enterprise's own appeals are received the day they are raised;
    HQ and cadres may give the date they received it. The deadline runs from that day."""
    _validate_appeal(data)
    via = _raised_via(actor, enterprise, visit)
    received = _today(on) if via == RaisedVia.ENTERPRISE else (data.received_on or _today(on))
    if visit is not None and received < visit.visited_on:
        raise InvalidInput("受理日期不能早于走访日期", field="received_on")
    appeal = Appeal.objects.create(
        enterprise=enterprise, region_id=enterprise.region_id, city=enterprise.region_id[:4],
        category=data.category,
        title=data.title.strip(), content=data.content.strip(), received_on=received,
        raised_via=via, raised_by=actor if getattr(actor, "pk", None) else None, visit=visit,
        status=AppealStatus.RECEIVED, deadline=appeal_deadline(received))
    _event(appeal, actor, "raise", "", on=on)
    audit.record(actor=actor, action="create", obj=appeal, after={
        **audit.snapshot(appeal, ("enterprise", "category", "title", "content", "received_on",
                                  "raised_via", "visit")), **audit.snapshot(appeal, APPEAL_FIELDS)})
    return appeal


def _move(actor, appeal: Appeal, action: str, *, on: dt.date | None = None, note: str = "",
          from_unit: Unit | None = None, **changes) -> Appeal:
    sources, target, _permission = TRANSITIONS[action]
    if appeal.status not in sources:
        raise Conflict(f"诉求当前为“{appeal.get_status_display()}”，不能执行此操作",
                       code="bad_transition")
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    old, appeal.status = appeal.status, target
    for name, value in changes.items():
        setattr(appeal, name, value)
    appeal.save()
    _event(appeal, actor, action, old, on=on, from_unit=from_unit, note=note)
    audit.record(actor=actor, action=action, obj=appeal, before=before,
                 after={**audit.snapshot(appeal, APPEAL_FIELDS), **({"note": note} if note else {})})
    return appeal


def _assignable_unit(actor, unit: Unit | None) -> Unit:
    if unit is None:
        raise InvalidInput("请选择承办单位", field="unit")
    if not unit.is_active:
        raise InvalidInput(f"“{unit.name}”已停用，不能承办诉求", field="unit")
    if not unit_in_scope(access_for(actor), unit) and not region_in_scope(access_for(actor), unit.region_id):
        raise PermissionDenied(f"“{unit.name}”不在您的数据范围内")
    return unit


def _checked_deadline(appeal: Appeal, deadline: dt.date | None) -> dt.date:
    if deadline is None:
        return appeal.deadline
    if deadline < appeal.received_on:
        raise InvalidInput("办理时限不能早于受理日期", field="deadline")
    return move_to_workday(deadline)


@transaction.atomic
def assign_appeal(*, actor, appeal: Appeal, unit: Unit | None, deadline: dt.date | None = None,
                  note: str = "", on: dt.date | None = None) -> Appeal:
    """HQ hands the appeal to the unit that resolves it (交办); the deadline may be set
    explicitly (a land-use appeal may need a longer one), else it stays as computed."""
    require_manager(actor, appeal.region_id)
    unit = _assignable_unit(actor, unit)
    return _move(actor, appeal, "assign", on=on, note=note.strip(), unit=unit,
                 assigned_on=_today(on), deadline=_checked_deadline(appeal, deadline))


@transaction.atomic
def reassign_appeal(*, actor, appeal: Appeal, unit: Unit | None, reason: str,
                    deadline: dt.date | None = None, on: dt.date | None = None) -> Appeal:
    """Move the appeal to another unit, or send an answered appeal back to be redone; the
    reason is kept in its history. The earlier answer stays in the history too."""
    require_manager(actor, appeal.region_id)
    if not reason.strip():
        raise InvalidInput("改派须写明原因", field="reason")
    unit = _assignable_unit(actor, unit)
    if unit.pk == appeal.unit_id and appeal.status == AppealStatus.ASSIGNED:
        raise InvalidInput("诉求已在该单位办理，请选择另一个单位", field="unit")
    note = reason.strip()
    if appeal.status == AppealStatus.ANSWERED:
        note = f"{note}（原答复：{appeal.response}）"
    return _move(actor, appeal, "reassign", on=on, note=note, from_unit=appeal.unit, unit=unit,
                 assigned_on=_today(on), deadline=_checked_deadline(appeal, deadline),
                 response="", answered_on=None, satisfaction="", satisfaction_note="")


@transaction.atomic
def return_appeal(*, actor, appeal: Appeal, reason: str, on: dt.date | None = None) -> Appeal:
    """The unit hands the appeal back to HQ (not its remit); HQ assigns it again."""
    _require_handler(actor, appeal)
    if not reason.strip():
        raise InvalidInput("退回须写明原因", field="reason")
    return _move(actor, appeal, "return", on=on, note=reason.strip(), from_unit=appeal.unit,
                 unit=None, assigned_on=None)


@transaction.atomic
def answer_appeal(*, actor, appeal: Appeal, response: str, on: dt.date | None = None) -> Appeal:
    _require_handler(actor, appeal)
    if not response.strip():
        raise InvalidInput("请填写答复意见", field="response")
    answered = _today(on)
    if answered < appeal.received_on:
        raise InvalidInput("答复日期不能早于受理日期", field="answered_on")
    return _move(actor, appeal, "answer", on=on, response=response.strip(), answered_on=answered)


@transaction.atomic
def close_appeal(*, actor, appeal: Appeal, note: str = "", on: dt.date | None = None) -> Appeal:
    """HQ closes (办结) an answered appeal."""
    require_manager(actor, appeal.region_id)
    closed = _today(on)
    if appeal.answered_on and closed < appeal.answered_on:
        raise InvalidInput("办结日期不能早于答复日期", field="closed_on")
    return _move(actor, appeal, "close", on=on, note=note.strip(), closed_on=closed,
                 closure_note=note.strip())


@transaction.atomic
def rate_appeal(*, actor, appeal: Appeal, satisfaction: str, note: str = "",
                on: dt.date | None = None) -> Appeal:
    """The enterprise rates the answer (满意/基本满意/不满意), itself or through HQ, who records
    what it said on a follow-up call (回访). The rating may change until the appeal is
    reassigned."""
    access = access_for(actor)
    follow_up = access.has("service.manage") and region_in_scope(access, appeal.region_id)
    if not follow_up:
        _require_own_enterprise(actor, appeal.enterprise_id)
    if appeal.status not in (AppealStatus.ANSWERED, AppealStatus.CLOSED):
        raise Conflict("诉求答复后才能评价", code="bad_transition")
    if satisfaction not in Satisfaction.values:
        raise InvalidInput("请选择满意、基本满意或不满意", field="satisfaction")
    if satisfaction == Satisfaction.UNSATISFIED and not note.strip():
        raise InvalidInput("不满意时请写明原因，便于重新办理", field="note")
    before = audit.snapshot(appeal, APPEAL_FIELDS)
    appeal.satisfaction, appeal.satisfaction_note = satisfaction, note.strip()[:500]
    appeal.save(update_fields=["satisfaction", "satisfaction_note"])
    note = f"{Satisfaction(satisfaction).label}{'：' + appeal.satisfaction_note if appeal.satisfaction_note else ''}"
    _event(appeal, actor, "rate", appeal.status, on=on, note=f"回访：{note}" if follow_up else note)
    audit.record(actor=actor, action="rate", obj=appeal, before=before,
                 after=audit.snapshot(appeal, APPEAL_FIELDS))
    return appeal
