"""Warning rule on service to enterprises: an appeal (诉求) still unanswered after its
deadline. "Overdue" is the service app's own filter (``luoshi.service.queries.overdue_q``)."""

from __future__ import annotations

from collections.abc import Iterator

from luoshi.supervision.models import Severity
from luoshi.supervision.rules import Cause, Rule, RuleContext, register, url_pattern

try:
    from luoshi.service.models import Appeal
    from luoshi.service.queries import overdue_q
except ImportError:  # the service app is not there: the rule does not exist
    Appeal = None


def overdue_appeals(context: RuleContext) -> Iterator[Cause]:
    url = url_pattern("appeal_detail")
    rows = (Appeal.objects.filter(overdue_q(context.as_of), unit__isnull=False)
            .order_by("id")
            .values_list("id", "title", "deadline", "enterprise__name", "unit_id", "unit__region_id"))
    for pk, title, deadline, enterprise, unit_id, region_id in rows.iterator(chunk_size=5000):
        late = (context.as_of - deadline).days
        yield Cause("service", "appeal", pk, title=f"{enterprise}：{title}"[:255], url=url.format(pk),
                    unit_id=unit_id, region_id=region_id,
                    severity=Severity.HIGH if late > context.settings["serious_after_days"] else Severity.MEDIUM,
                    reason=f"企业诉求应于{deadline:%Y年%-m月%-d日}前答复，"
                           f"截至{context.as_of:%Y年%-m月%-d日}仍未答复，已超期{late}天")


if Appeal is not None:
    register(Rule(code="overdue_appeal", title="企业诉求超期未答复", evaluate=overdue_appeals,
                  defaults={"serious_after_days": 15},
                  settings_help={"serious_after_days": "超期多少天算“严重”（默认 15 天）"}))
