"""Project rules with real rows: lifecycle, monthly investment, lists, helpers, blockers."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from luoshi.projects import services
from luoshi.projects.models import BlockerStatus, MonthlyInvestment, Stage, StageChange
from tests.projects.conftest import invest, make_project

pytestmark = pytest.mark.django_db


def test_a_project_starts_with_its_first_stage_dated(project):
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.on) == ("", Stage.BUILDING, dt.date(2023, 6, 28))
    assert AuditEntry.objects.filter(object_type="projects.project", action="create").exists()


def test_a_bad_uscc_is_refused_and_a_good_one_normalised(org):
    with pytest.raises(InvalidInput) as bad:
        make_project("X1", investor_uscc="91320000MA1MXXXXX0")
    assert bad.value.field == "investor_uscc"
    good = make_project("X2", investor_uscc="91350100m000100y43")
    assert good.investor_uscc == "91350100M000100Y43"


def test_the_industry_must_be_a_gbt_4754_section(org):
    with pytest.raises(InvalidInput) as error:
        make_project("X3", industry="Z")
    assert error.value.field == "industry"


def test_hq_of_another_city_cannot_create_a_fushun_project(make_user, org):
    yingkou_hq = make_user("ykhq", "hq_staff", "yk_fgw")
    with pytest.raises(PermissionDenied):
        services.create_project(actor=yingkou_hq, data=services.ProjectData(
            code="P1", name="项目", region_code="210400", lead_unit_code="FS-FGW", industry="C",
            kind="industrial", total_investment=Decimal(100)))


def test_moving_forward_may_skip_stages_and_is_dated(org):
    project = make_project(stage=Stage.PLANNING, since=dt.date(2023, 1, 5))
    services.change_stage(actor=SYSTEM, project=project, stage=Stage.STARTED, on=dt.date(2023, 6, 28))
    project.refresh_from_db()
    assert (project.stage, project.stage_since) == (Stage.STARTED, dt.date(2023, 6, 28))
    assert [c.to_stage for c in project.stage_changes.order_by("on")] == [Stage.PLANNING, Stage.STARTED]


def test_moving_backwards_needs_a_reason_and_is_audited(project):
    with pytest.raises(InvalidInput) as error:
        services.change_stage(actor=SYSTEM, project=project, stage=Stage.SIGNED, on=dt.date(2023, 7, 1))
    assert error.value.field == "reason"
    services.change_stage(actor=SYSTEM, project=project, stage=Stage.SIGNED, on=dt.date(2023, 7, 1),
                          reason="环评未批复，停工")
    entry = AuditEntry.objects.filter(action="stage_back").get()
    assert entry.before == {"stage": "building"} and entry.after["reason"] == "环评未批复，停工"
    assert project.stage_changes.order_by("-id").first().is_backwards


def test_a_stage_date_before_the_current_stage_is_refused(project):
    with pytest.raises(InvalidInput):
        services.change_stage(actor=SYSTEM, project=project, stage=Stage.COMPLETED, on=dt.date(2023, 1, 1))


def test_the_same_stage_again_is_a_conflict(project):
    with pytest.raises(Conflict):
        services.change_stage(actor=SYSTEM, project=project, stage=Stage.BUILDING, on=dt.date(2023, 7, 1))


def test_month_amounts_and_cumulatives_derive_each_other(project):
    invest(project, 2023, 1, "100")
    services.record_investment(actor=SYSTEM, project=project, entry=services.InvestmentEntry(
        year=2023, month=3, cumulative=Decimal("350")))
    rows = {r.month: (r.completed, r.cumulative) for r in MonthlyInvestment.objects.filter(project=project)}
    assert rows == {1: (Decimal(100), Decimal(100)), 3: (Decimal(250), Decimal(350))}


def test_correcting_an_earlier_month_recomputes_the_later_cumulatives(project):
    for month, amount in ((1, "100"), (2, "50"), (3, "70")):
        invest(project, 2023, month, amount)
    invest(project, 2023, 2, "80")
    rows = {r.month: r.cumulative for r in MonthlyInvestment.objects.filter(project=project)}
    assert rows == {1: Decimal(100), 2: Decimal(180), 3: Decimal(250)}


def test_both_figures_must_agree(project):
    invest(project, 2023, 1, "100")
    with pytest.raises(InvalidInput) as error:
        services.record_investment(actor=SYSTEM, project=project, entry=services.InvestmentEntry(
            year=2023, month=2, completed=Decimal(50), cumulative=Decimal(160)))
    assert error.value.field == "cumulative"


def test_a_falling_cumulative_is_refused_without_a_note_and_flagged_with_one(project):
    invest(project, 2023, 1, "100")
    fall = services.InvestmentEntry(year=2023, month=2, cumulative=Decimal(90))
    with pytest.raises(InvalidInput) as error:
        services.record_investment(actor=SYSTEM, project=project, entry=fall)
    assert error.value.code == "cumulative_falls"
    assert MonthlyInvestment.objects.filter(project=project).count() == 1
    fall.note = "统计局核减1月数据"
    row = services.record_investment(actor=SYSTEM, project=project, entry=fall)
    assert (row.completed, row.cumulative, row.fell) == (Decimal(-10), Decimal(90), True)


def test_a_new_year_starts_from_zero(project):
    invest(project, 2022, 12, "500")
    row = invest(project, 2023, 1, "40")
    assert row.cumulative == Decimal(40)


def test_the_lead_units_reporter_records_investment_others_do_not(project, reporter, other_reporter):
    assert invest(project, 2023, 5, "10", actor=reporter).cumulative == Decimal(10)
    with pytest.raises(PermissionDenied):
        invest(project, 2023, 6, "10", actor=other_reporter)


def test_lists_are_set_exactly_and_audited(project):
    provincial = services.ensure_list(actor=SYSTEM, name="省重大项目", year=2023)
    city = services.ensure_list(actor=SYSTEM, name="市重点项目", year=2023)
    assert provincial.level == "province" and city.level == "city"
    services.set_lists(actor=SYSTEM, project=project, lists=[provincial, city])
    services.set_lists(actor=SYSTEM, project=project, lists=[provincial])
    assert list(project.lists.all()) == [provincial]
    assert AuditEntry.objects.filter(action="lists").count() == 2


def test_a_helper_records_visits_and_blockers_and_the_unit_resolves(project, helper_official, helper_user,
                                                                   other_reporter, reporter):
    services.assign_helper(actor=SYSTEM, project=project, official=helper_official, on=dt.date(2023, 3, 1))
    visit = services.record_visit(actor=helper_user, project=project, visited_on=dt.date(2023, 7, 3),
                                  notes="现场调度，协调施工用电")
    assert visit.official == helper_official
    blocker = services.raise_blocker(actor=helper_user, project=project, data=services.BlockerData(
        title="施工用电增容未批复", unit_code="FS-GXJ", deadline=dt.date(2023, 7, 31),
        found_on=dt.date(2023, 7, 3)))
    with pytest.raises(PermissionDenied):
        services.resolve_blocker(actor=reporter, blocker=blocker, resolution="已办")
    services.resolve_blocker(actor=other_reporter, blocker=blocker, resolution="已完成增容",
                             resolved_on=dt.date(2023, 7, 20))
    blocker.refresh_from_db()
    assert blocker.status == BlockerStatus.RESOLVED and blocker.resolved_by == other_reporter
    with pytest.raises(Conflict):
        services.resolve_blocker(actor=other_reporter, blocker=blocker, resolution="again")


def test_someone_who_is_not_a_helper_cannot_record_a_visit(project, helper_official, other_reporter):
    services.assign_helper(actor=SYSTEM, project=project, official=helper_official)
    with pytest.raises(PermissionDenied):
        services.record_visit(actor=other_reporter, project=project, visited_on=dt.date(2023, 7, 3),
                              notes="走访", official=helper_official)


def test_a_blocker_deadline_before_it_was_found_is_refused(project):
    with pytest.raises(InvalidInput) as error:
        services.raise_blocker(actor=SYSTEM, project=project, data=services.BlockerData(
            title="土地", unit_code="FS-GXJ", deadline=dt.date(2023, 1, 1), found_on=dt.date(2023, 2, 1)))
    assert error.value.field == "deadline"
