"""Warning rules on major projects: a project under construction without investment for N
months, a blocker past its deadline. The facts come from the projects app's own filters
(``luoshi.projects.stats.stalled_q`` and ``overdue_q``), so both apps judge alike."""

from __future__ import annotations

from collections.abc import Iterator

from luoshi.supervision.models import Severity
from luoshi.supervision.rules import Cause, Rule, RuleContext, register, url_pattern

try:
    from luoshi.projects import stats
    from luoshi.projects.models import Blocker, Project
except ImportError:  # the projects app is not there: these rules do not exist
    stats = None


def stalled_projects(context: RuleContext) -> Iterator[Cause]:
    months = context.settings["months"]
    url = url_pattern("project_detail")
    through = (context.period.year, context.period.first_month)
    rows = (Project.objects.filter(stats.stalled_q(months=months, through=through))
            .order_by("id")
            .values_list("id", "code", "name", "lead_unit_id", "lead_unit__region_id", "stage"))
    for pk, code, name, unit_id, region_id, _stage in rows.iterator(chunk_size=5000):
        yield Cause("projects", "project", pk, title=f"{name}（{code}）"[:255], url=url.format(pk),
                    unit_id=unit_id, region_id=region_id, severity=Severity.HIGH,
                    reason=f"项目在建，截至{context.period.label_zh()}已连续{months}个月没有完成投资")


def overdue_blockers(context: RuleContext) -> Iterator[Cause]:
    url = url_pattern("project_detail")
    rows = (Blocker.objects.filter(stats.overdue_q(context.as_of))
            .order_by("id")
            .values_list("id", "title", "deadline", "project_id", "project__name", "unit_id",
                         "unit__region_id"))
    for pk, title, deadline, project_id, project, unit_id, region_id in rows.iterator(chunk_size=5000):
        late = (context.as_of - deadline).days
        yield Cause("projects", "blocker", pk, title=f"{project}：{title}"[:255], url=url.format(project_id),
                    unit_id=unit_id, region_id=region_id,
                    severity=Severity.HIGH if late > context.settings["serious_after_days"] else Severity.MEDIUM,
                    reason=f"项目难题“{title}”应于{deadline:%Y年%-m月%-d日}前解决，"
                           f"截至{context.as_of:%Y年%-m月%-d日}仍未解决，已超期{late}天")


if stats is not None:
    register(Rule(code="stalled_project", title="在建项目连续无投资", evaluate=stalled_projects,
                  defaults={"months": 3},
                  settings_help={"months": "连续几个月没有完成投资算停滞（默认 3 个月）"}))
    register(Rule(code="overdue_blocker", title="项目难题超期未解决", evaluate=overdue_blockers,
                  defaults={"serious_after_days": 30},
                  settings_help={"serious_after_days": "超期多少天算“严重”（默认 30 天）"}))
