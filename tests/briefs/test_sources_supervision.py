"""The supervision and 表扬和通报批评 sections: orders as they stood at the end of the month,
assessment leaders, and the units with overdue orders or missing reports."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from luoshi.assessment.models import Category, Result, Scheme
from luoshi.briefs import services
from luoshi.briefs.models import SectionTemplate
from luoshi.briefs.sources import source_context
from luoshi.core.models import Region
from luoshi.core.periods import Period
from luoshi.supervision import services as supervision
from luoshi.supervision.history import overdue_on, statuses_on
from luoshi.supervision.models import OrderEvent, OrderStatus, SupervisionOrder, Warning


@pytest.fixture
def office(make_user):
    return make_user("duchashi", "supervision", "hq")


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T10:00"))


def _issue(office, org, unit, issued, deadline, title="关于加快推进的督办"):
    order = supervision.create_order(actor=office, issued_on=dt.date.fromisoformat(issued),
                                     data=supervision.OrderData(
                                         title=title, content="请加快推进。", requirements="报送办理结果",
                                         unit_id=org[unit].pk, deadline=dt.date.fromisoformat(deadline)))
    OrderEvent.objects.filter(order=order).update(at=_at(issued))
    return order


def _respond(unit_user, order, day):
    supervision.respond_order(actor=unit_user, order=order, kind="result", text="已完成。")
    OrderEvent.objects.filter(order=order, action="result").update(at=_at(day))


def _close(office, order, day):
    supervision.close_order(actor=office, order=order, closed_on=dt.date.fromisoformat(day))
    OrderEvent.objects.filter(order=order, action="close").update(at=_at(day))


@pytest.fixture
def orders(org, office, make_user):
    """Fushun's July 2023: one closed in time, one answered in time awaiting 销号, one never
    answered, one not yet due, one closed only in August; and one of Yingkou's."""
    fgw, gxj = make_user("fgw_tb", "reporter", "fgw"), make_user("gxj_tb", "reporter", "gxj")
    closed = _issue(office, org, "fgw", "2023-07-03", "2023-07-14")
    _respond(fgw, closed, "2023-07-10")
    _close(office, closed, "2023-07-12")
    awaiting = _issue(office, org, "gxj", "2023-07-03", "2023-07-20")
    _respond(gxj, awaiting, "2023-07-18")
    silent = _issue(office, org, "gxj", "2023-07-05", "2023-07-21", "关于项目开工滞后的督办")
    _issue(office, org, "qingyuan", "2023-07-05", "2023-08-15")
    late = _issue(office, org, "fgw", "2023-07-03", "2023-07-25")
    _respond(fgw, late, "2023-08-01")
    _close(office, late, "2023-08-02")
    yingkou = make_user("yk_duchashi", "supervision", "yk_fgw")
    _issue(yingkou, org, "yk_fgw", "2023-07-03", "2023-07-10")
    return {"closed": closed, "awaiting": awaiting, "silent": silent, "late": late}


def _context(source, month, region="210400"):
    return source_context(source, Region.objects.get(code=region), Period.parse(month))


def _values(context, *keys):
    return {k: context[k].value for k in keys}


def test_an_orders_status_on_a_past_day_comes_from_its_history(orders):
    late = orders["late"]
    assert late.status == OrderStatus.CLOSED
    assert statuses_on([late], dt.date(2023, 7, 31)) == {late.pk: OrderStatus.ISSUED}
    assert statuses_on([late], dt.date(2023, 8, 1)) == {late.pk: OrderStatus.RESPONDED}
    assert overdue_on([late], dt.date(2023, 7, 31)) == [late]
    assert overdue_on([late], dt.date(2023, 8, 1)) == []  # answered: the office's turn


def test_the_supervision_section_counts_the_orders_as_they_stood_at_month_end(orders):
    context = _context("supervision", "2023-07")
    assert _values(context, "issued", "closed", "due", "open", "awaiting", "overdue") == {
        "issued": 5, "closed": 1, "due": 4, "open": 4, "awaiting": 1, "overdue": 2}
    assert context["on_time_rate"].value == 25
    assert [(u["unit"], u["count"].value, len(u["numbers"])) for u in context["overdue_by_unit"]] == [
        ("抚顺市发改委", 1, 1), ("抚顺市工信局", 1, 1)]
    assert set(context["overdue"].sources[0].ids) == {orders["silent"].pk, orders["late"].pk}

    august = _context("supervision", "2023-08")
    assert _values(august, "closed", "overdue") == {"closed": 2, "overdue": 2}  # 清原's fell due
    assert [u["unit"] for u in august["overdue_by_unit"]] == ["抚顺市工信局", "清原满族自治县人民政府"]


def test_the_supervision_text_names_the_late_units(orders, hq_user):
    brief = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-07", kind="notice"))
    section = brief.sections.get(code="supervision")
    assert "1-7月，抚顺市共交办督办事项5件，已办结销号1件，到期事项按期办结率25%。" in section.body
    assert "尚有4件在办，其中1件已报送办理结果待销号；2件超过办理时限仍未办结，涉及抚顺市发改委1件、抚顺市工信局1件。" \
        in section.body
    criticised = brief.sections.get(code="recognition").body
    assert "抚顺市发改委有1件督办事项" in criticised and "予以通报批评" in criticised
    assert "抚顺市工信局有1件督办事项" in criticised
    assert "表扬" not in criticised  # no assessment computed yet


def test_a_region_without_orders_or_warnings_has_no_supervision_section(orders):
    assert _context("supervision", "2023-07", region="210200") is None
    assert _context("recognition", "2023-07", region="210200") is None


def test_recognition_names_the_first_of_each_category_and_the_climbers(org, orders):
    scheme = Scheme.objects.create(title="抚顺市2023年度实绩考核方案", region_id="210400", year=2023)
    departments = Category.objects.create(scheme=scheme, name="市直部门", position=1)
    counties = Category.objects.create(scheme=scheme, name="县区", position=2)
    now = timezone.now()

    def result(category, unit, period, total, rank, previous=None):
        Result.objects.create(scheme=scheme, category=category, unit=org[unit], period=period,
                              total=D(total), rank=rank, position=rank, previous_rank=previous,
                              movement=None if previous is None else previous - rank, computed_at=now)

    result(departments, "fgw", "2023-Q1", "80", 1)
    result(departments, "gxj", "2023-Q1", "70", 2)
    result(departments, "gxj", "2023-Q2", "91.25", 1, previous=5)
    result(departments, "fgw", "2023-Q2", "85", 2, previous=1)
    result(counties, "qingyuan", "2023-Q2", "77.5", 1, previous=1)

    march = _context("recognition", "2023-03")
    assert [(c["unit"], c["first"]) for c in march["commended"]] == [("抚顺市发改委", True)]
    july = _context("recognition", "2023-07")
    assert july["assessment"] == "《抚顺市2023年度实绩考核方案》2023年二季度考核"
    assert [(c["unit"], c["category"], c["first"], c["climb"] and c["climb"].value)
            for c in july["commended"]] == [("抚顺市工信局", "市直部门", True, 4)]  # 县区 has one unit


def test_recognition_criticises_missing_reports(org, orders):
    for n in range(2):
        Warning.objects.create(rule="report_missing", item_app="plans", item_model="PlanNode", item_id=n + 1,
                               item_title=f"任务{n + 1}", unit=org["qingyuan"], region_id="210423", city="2104",
                               period="2023-07", severity="medium", reason="未报送",
                               opened_on=dt.date(2023, 8, 10))
    criticised = {c["unit"]: c for c in _context("recognition", "2023-07")["criticised"]}
    qingyuan = criticised["清原满族自治县人民政府"]
    assert qingyuan["missing"].value == 2 and qingyuan["overdue"] is None
    assert [row["任务"] for row in qingyuan["missing"].sources[0].rows] == ["任务1", "任务2"]
    assert criticised["抚顺市工信局"]["missing"] is None


def test_bulletins_leave_recognition_out(orders, hq_user):
    brief = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-07", kind="bulletin"))
    assert brief.sections.filter(code="supervision").exists()
    assert not brief.sections.filter(code="recognition").exists()
    assert SupervisionOrder.objects.count() == 6


def _results(org, year, period, totals):
    scheme, _ = Scheme.objects.get_or_create(title=f"抚顺市{year}年度实绩考核方案", region_id="210400", year=year)
    category, _ = Category.objects.get_or_create(scheme=scheme, name="市直部门", position=1)
    ranked = sorted(totals.items(), key=lambda kv: -D(kv[1]))
    for position, (unit, total) in enumerate(ranked, start=1):
        rank = 1 + sum(1 for _, other in ranked if D(other) > D(total))
        Result.objects.create(scheme=scheme, category=category, unit=org[unit], period=period, total=D(total),
                              rank=rank, position=position, computed_at=timezone.now())


def test_january_and_february_praise_last_years_assessment(org):
    _results(org, 2022, "2022", {"fgw": "90", "gxj": "80"})
    february = _context("recognition", "2023-02")
    assert february["assessment"] == "《抚顺市2022年度实绩考核方案》2022年考核"
    assert [c["unit"] for c in february["leaders"]] == ["抚顺市发改委"]
    _results(org, 2023, "2023-Q1", {"fgw": "70", "gxj": "75"})
    assert [c["unit"] for c in _context("recognition", "2023-04")["leaders"]] == ["抚顺市工信局"]


def test_a_category_where_everyone_ties_praises_nobody(org):
    _results(org, 2023, "2023-Q1", {"fgw": "0", "gxj": "0"})  # computed before any data came in
    assert _context("recognition", "2023-04") is None


def test_an_order_entered_after_the_fact_was_issued_until_its_events(org, office):
    order = supervision.create_order(actor=office, issued_on=dt.date(2023, 7, 3), data=supervision.OrderData(
        title="关于加快推进的督办", content="请加快推进。", requirements="报送办理结果", unit_id=org["fgw"].pk,
        deadline=dt.date(2023, 7, 20)))  # its events are stamped today, not in July 2023
    assert statuses_on([order], dt.date(2023, 7, 31)) == {order.pk: OrderStatus.ISSUED}
    assert overdue_on([order], dt.date(2023, 7, 31)) == [order]


def test_a_month_with_only_orders_due_says_their_rate_and_nothing_empty(org, office, hq_user):
    order = _issue(office, org, "fgw", "2022-12-20", "2023-01-10")
    order.closed_on = dt.date(2022, 12, 28)
    order.status = OrderStatus.CLOSED
    order.save()
    brief = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-01", kind="notice"))
    body = brief.sections.get(code="supervision").body
    assert body == "1月到期的督办事项1件，按期办结率100%。"


def test_a_section_whose_template_writes_nothing_is_left_out(org, office, hq_user):
    _issue(office, org, "fgw", "2023-07-03", "2023-08-20")  # open and not yet due
    SectionTemplate.objects.filter(code="supervision").update(text="{% if overdue.value %}有逾期。{% endif %}")
    brief = services.generate_brief(actor=hq_user, request=services.BriefRequest(
        region_code="210400", period="2023-07", kind="notice"))
    assert not brief.sections.filter(code="supervision").exists()
