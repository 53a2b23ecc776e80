from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.core.permissions import access_for

# (section, [(label, url name, any of these permissions)])
NAVIGATION = [
    (_("方案落实"), [
        (_("行动方案"), "plans", ("orgs.view",)),
        (_("我的填报"), "report_inbox", ("reports.fill",)),
        (_("待审核报告"), "report_approvals", ("reports.approve",)),
        (_("指挥部审核"), "report_review", ("reports.review",)),
        (_("报送情况"), "report_delivery", ("reports.review", "supervision.manage")),
    ]),
    (_("简报"), [
        (_("简报"), "briefs", ("briefs.manage", "instructions.write", "cockpit.view")),
        (_("段落模板"), "brief_templates", ("briefs.manage",)),
    ]),
    (_("组织机构"), [
        (_("单位"), "units", ("orgs.view",)),
        (_("领导干部"), "officials", ("orgs.view",)),
        (_("行政区划"), "regions", ("orgs.view",)),
    ]),
    (_("系统管理"), [
        (_("用户"), "users", ("users.manage", "roles.manage")),
        (_("角色与权限"), "roles", ("roles.manage",)),
    ]),
    (_("安全审计"), [
        (_("审计日志"), "audit_log", ("audit.view",)),
        (_("登录日志"), "login_log", ("audit.view",)),
    ]),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    access = access_for(user)
    sections = []
    for title, items in NAVIGATION:
        visible = [
            {"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))}
            for label, name, permissions in items
            if any(access.has(p) for p in permissions)
        ]
        if visible:
            sections.append({"title": title, "items": visible})
    return {"nav_sections": sections, "access": access}
