from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.core.permissions import access_for

# (section, [(label, url name, any of these permissions)])
NAVIGATION = [
    (_("领导驾驶舱"), [
        (_("驾驶舱"), "cockpit", ("cockpit.view",)),
    ]),
    (_("方案落实"), [
        (_("行动方案"), "plans", ("orgs.view",)),
        (_("我的填报"), "report_inbox", ("reports.fill",)),
        (_("待审核报告"), "report_approvals", ("reports.approve",)),
        (_("指挥部审核"), "report_review", ("reports.review",)),
        (_("报送情况"), "report_delivery", ("reports.review", "supervision.manage")),
    ]),
    (_("经济指标"), [
        (_("指标排名"), "indicators", ("indicators.manage", "cockpit.view", "orgs.view")),
        (_("指标值"), "observations", ("indicators.manage",)),
        (_("数据疑点"), "indicator_flags", ("indicators.manage",)),
        (_("导入指标数据"), "indicators_import", ("indicators.manage",)),
        (_("文本数据提取"), "ingest", ("indicators.manage",)),
    ]),
    (_("重大项目"), [
        (_("项目"), "projects", ("projects.manage", "projects.report", "cockpit.view", "supervision.manage")),
        (_("项目难题"), "blocker_board", ("projects.manage", "projects.report", "supervision.manage")),
        (_("投资统计"), "project_stats", ("projects.manage", "cockpit.view", "supervision.manage")),
    ]),
    (_("招商引资"), [
        (_("招商引资概况"), "lead_pipeline", ("leads.manage", "leads.follow", "cockpit.view")),
        (_("招商线索"), "leads", ("leads.manage", "leads.follow")),
    ]),
    (_("督查督办"), [
        (_("预警"), "warnings", ("supervision.manage", "supervision.respond")),
        (_("督办单"), "orders", ("supervision.manage", "supervision.respond")),
        (_("督办提醒"), "order_notifications", ("supervision.respond",)),
        (_("实绩考核"), "assessment_schemes", ("supervision.manage", "orgs.view")),
    ]),
    (_("企业服务"), [
        (_("我的诉求"), "my_appeals", ("appeals.raise",)),
        (_("待办诉求"), "appeal_inbox", ("appeals.handle",)),
        (_("企业诉求"), "appeals", ("service.manage", "supervision.manage", "cockpit.view")),
        (_("服务企业"), "enterprises", ("service.manage", "supervision.manage", "cockpit.view")),
        (_("包保关系"), "assignments", ("service.manage",)),
        (_("诉求统计"), "appeal_stats", ("service.manage", "supervision.manage", "cockpit.view")),
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
