"""The roles every installation starts with. Security administrators may add more."""

from luoshi.core.permissions import DataScope
from luoshi.orgs.models import AdminDuty

BUILTIN_ROLES = [
    {"code": "hq_staff", "name": "指挥部工作人员", "data_scope": DataScope.REGION,
     "permissions": ["orgs.view", "orgs.manage", "plans.manage", "reports.review",
                     "cockpit.view", "indicators.manage", "projects.manage", "leads.manage",
                     "service.manage", "briefs.manage"],
     "description": "配置方案、审核报告、调度推进"},
    {"code": "supervision", "name": "督查室工作人员", "data_scope": DataScope.REGION,
     "permissions": ["orgs.view", "supervision.manage", "cockpit.view"],
     "description": "预警、督办、考核"},
    {"code": "reporter", "name": "单位填报员", "data_scope": DataScope.OWN_UNIT,
     "permissions": ["orgs.view", "reports.fill", "projects.report", "leads.follow",
                     "supervision.respond", "appeals.handle"],
     "description": "填报本单位的月度进展"},
    {"code": "unit_leader", "name": "单位领导", "data_scope": DataScope.UNIT_TREE,
     "permissions": ["orgs.view", "reports.approve", "supervision.respond"],
     "description": "审核本单位报告"},
    {"code": "city_leader", "name": "市领导", "data_scope": DataScope.REGION,
     "permissions": ["orgs.view", "cockpit.view", "instructions.write"],
     "description": "查看驾驶舱（只读）、作出批示"},
    {"code": "enterprise", "name": "企业用户", "data_scope": DataScope.SELF,
     "permissions": ["appeals.raise"],
     "description": "企业登录，提出诉求并查看本企业诉求的办理情况"},
    {"code": "sysadmin", "name": "系统管理员", "data_scope": DataScope.ALL,
     "admin_duty": AdminDuty.SYSTEM, "permissions": ["orgs.view", "users.manage", "settings.manage"],
     "description": "管理用户账号和系统设置，不能查阅审计日志"},
    {"code": "secadmin", "name": "安全管理员", "data_scope": DataScope.ALL,
     "admin_duty": AdminDuty.SECURITY, "permissions": ["roles.manage"],
     "description": "管理角色、权限和授权"},
    {"code": "auditadmin", "name": "审计管理员", "data_scope": DataScope.ALL,
     "admin_duty": AdminDuty.AUDIT, "permissions": ["audit.view"],
     "description": "查阅审计日志和登录日志，别无他权"},
]


def install_builtin_roles(role_model) -> None:
    """Create or refresh the built-in roles; works with the historical model in migrations."""
    for spec in BUILTIN_ROLES:
        role_model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"], "data_scope": str(spec["data_scope"]),
                "permissions": spec["permissions"], "description": spec["description"],
                "admin_duty": str(spec.get("admin_duty", "")), "is_builtin": True,
            },
        )
