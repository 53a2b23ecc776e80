"""Roles' permissions and data scope, resolved once per user.

A permission says what a user may do; the data scope says over which units. Every query of
unit-owned items filters through :func:`unit_scope_q`, so a reporter of unit A never sees
unit B's items, whichever door (page, API, command line) the request came through.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import PermissionDenied


class DataScope(models.TextChoices):
    SELF = "self", _("仅本人")
    OWN_UNIT = "own_unit", _("本单位")
    UNIT_TREE = "unit_tree", _("本单位及下级")
    REGION = "region", _("本区划")
    ALL = "all", _("全部")


# The catalogue of permissions a role may hold. The keys are stable codes.
PERMISSIONS = {
    "orgs.view": _("查看组织机构"),
    "orgs.manage": _("管理单位和领导干部"),
    "users.manage": _("管理用户账号"),
    "settings.manage": _("管理系统设置"),
    "roles.manage": _("管理角色、权限和授权"),
    "audit.view": _("查阅审计日志和登录日志"),
    "plans.manage": _("管理行动方案"),
    "reports.fill": _("填报进展"),
    "reports.approve": _("审核本单位报告"),
    "reports.review": _("指挥部审核"),
    "supervision.manage": _("预警、督查督办和实绩考核"),
    "supervision.respond": _("答复督办单"),
    "cockpit.view": _("查看领导驾驶舱"),
    "instructions.write": _("作出批示"),
    "indicators.manage": _("管理经济指标数据"),
    "projects.manage": _("管理重大项目"),
    "projects.report": _("填报本单位项目投资、办理项目难题"),
    "leads.manage": _("管理招商线索"),
    "leads.follow": _("跟进本单位招商线索"),
    "service.manage": _("管理企业服务：企业、包保、诉求分派"),
    "appeals.handle": _("办理分派给本单位的企业诉求"),
    "appeals.raise": _("企业提出和查看本企业诉求"),
    "briefs.manage": _("生成、编辑和签发简报"),
}

# Only an audit-duty role may read the audit log (三员分立).
AUDIT_ONLY_PERMISSIONS = {"audit.view"}

_SCOPE_WIDTH = {
    DataScope.SELF: 0,
    DataScope.OWN_UNIT: 1,
    DataScope.UNIT_TREE: 2,
    DataScope.REGION: 3,
    DataScope.ALL: 4,
}


@dataclass(frozen=True)
class Access:
    """What one user may do and see."""

    user_id: int | None
    permissions: frozenset[str]
    scope: str
    unit_id: int | None
    unit_path: str
    region_prefix: str

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise PermissionDenied(
                f"没有“{PERMISSIONS.get(permission, permission)}”的权限", code="permission_denied"
            )

    @property
    def sees_all(self) -> bool:
        return self.scope == DataScope.ALL


NO_ACCESS = Access(None, frozenset(), DataScope.SELF, None, "", "")
FULL_ACCESS = Access(None, frozenset(PERMISSIONS), DataScope.ALL, None, "", "")


class SystemActor:
    """The installation itself acting: migrations, the demo loader, scheduled jobs.
    Audited under the name "system"; never a person who can sign in."""

    pk = None
    username = "system"
    is_authenticated = True
    is_active = True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def access_for(user) -> Access:
    """The user's combined access: union of permissions, the widest data scope of its roles.

    Cached on the user object, so a request resolves it once.
    """
    if isinstance(user, SystemActor):
        return FULL_ACCESS
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_luoshi_access", None)
    if cached is not None:
        return cached
    roles = list(user.roles.all())
    permissions = frozenset(p for role in roles for p in role.permissions)
    scope = max((role.data_scope for role in roles), key=lambda s: _SCOPE_WIDTH[s],
                default=DataScope.SELF)
    unit = None
    if user.unit_id:  # the unit and its region in one query
        unit_model = user._meta.get_field("unit").related_model
        unit = unit_model.objects.select_related("region").get(pk=user.unit_id)
        user.unit = unit  # pages show the user's unit; spare them the query
    access = Access(
        user_id=user.pk,
        permissions=permissions,
        scope=scope,
        unit_id=user.unit_id,
        unit_path=unit.path if unit else "",
        region_prefix=unit.region.code_prefix if unit else "",
    )
    user._luoshi_access = access
    return access


def unit_scope_q(access: Access, unit_field: str = "") -> Q:
    """A filter limiting rows to units within the access's data scope.

    ``unit_field`` is the lookup from the queried model to its Unit ("" for Unit itself,
    "unit" for Official, "lead_unit" for a plan node…).
    """
    prefix = f"{unit_field}__" if unit_field else ""
    pk = f"{unit_field}_id" if unit_field else "pk"
    if access.scope == DataScope.ALL:
        return Q()
    if access.unit_id is None:
        return Q(pk__in=[])
    if access.scope == DataScope.REGION:
        return Q(**{f"{prefix}region__code__startswith": access.region_prefix})
    if access.scope == DataScope.UNIT_TREE:
        return Q(**{f"{prefix}path__startswith": access.unit_path})
    return Q(**{pk: access.unit_id})


def unit_in_scope(access: Access, unit) -> bool:
    if access.scope == DataScope.ALL:
        return True
    if unit is None or access.unit_id is None:
        return False
    if access.scope == DataScope.REGION:
        return unit.region_id.startswith(access.region_prefix)
    if access.scope == DataScope.UNIT_TREE:
        return unit.path.startswith(access.unit_path)
    return unit.pk == access.unit_id
