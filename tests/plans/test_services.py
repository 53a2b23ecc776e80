"""Plan services: numbering, document order, responsibility, targets, permissions."""

from decimal import Decimal

import pytest

from luoshi.core.errors import InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.plans import queries, services


def test_nodes_keep_document_order_past_nine_siblings(plan_tree, hq_user):
    area = plan_tree["area"]
    for i in range(12):
        services.create_node(actor=hq_user, plan=plan_tree["plan"], parent=area,
                             data=services.NodeData(kind="task", title=f"任务{i + 3}"))
    numbers = [n.number for n in queries.ordered_nodes(plan_tree["plan"]) if n.parent_id == area.pk]
    assert numbers == [f"{i}." for i in range(1, 15)]


def test_moving_a_node_moves_its_children_in_the_order(plan_tree, hq_user):
    plan, section = plan_tree["plan"], plan_tree["section"]
    later = services.create_node(actor=hq_user, plan=plan, parent=section,
                                 data=services.NodeData(kind="area", title="第二个方面"))
    services.update_node(actor=hq_user, node=plan_tree["area"], data=services.NodeData(
        kind="area", title="推动产业结构优化升级", position=3))
    titles = [n.title for n in queries.ordered_nodes(plan)]
    assert titles == ["重点任务", "第二个方面", "推动产业结构优化升级", "扩大有效投资", "培育工业企业"]
    assert later.number == "（二）"


def test_default_numbers_follow_the_document_levels(plan_tree):
    assert [plan_tree[k].number for k in ("section", "area", "task", "other")] == ["一、", "（一）", "1.", "2."]


def test_responsibility_is_checked_and_audited(plan_tree, hq_user):
    task = plan_tree["task"]
    with pytest.raises(InvalidInput, match="NOPE"):
        services.update_node(actor=hq_user, node=task, data=services.NodeData(
            kind="task", title=task.title, lead_unit_code="NOPE"))
    with pytest.raises(InvalidInput, match="配合单位"):
        services.update_node(actor=hq_user, node=task, data=services.NodeData(
            kind="task", title=task.title, lead_unit_code="FS-FGW", co_unit_codes=["FS-FGW"]))
    services.update_node(actor=hq_user, node=task, data=services.NodeData(
        kind="task", title=task.title, lead_unit_code="FS-GXJ", co_unit_codes=["FS-FGW", "FS-QY"]))
    entry = AuditEntry.objects.filter(object_type="plans.plannode", action="update").latest("id")
    assert entry.before["co_units"] == ["FS-GXJ"] and entry.after["co_units"] == ["FS-FGW", "FS-QY"]


def test_target_years_must_lie_in_the_plan(plan_tree, hq_user):
    with pytest.raises(InvalidInput, match="2027"):
        services.set_targets(actor=hq_user, node=plan_tree["task"], targets=[services.TargetData(
            metric="投资", unit="亿元", years={2027: Decimal(1)})])


def test_only_hq_of_the_region_manages_the_plan(plan_tree, reporter, make_user):
    with pytest.raises(PermissionDenied):
        services.create_node(actor=reporter, plan=plan_tree["plan"], parent=None,
                             data=services.NodeData(kind="section", title="x"))
    yingkou_hq = make_user("yk_hq", "hq_staff", "yk_fgw")
    with pytest.raises(PermissionDenied):
        services.create_node(actor=yingkou_hq, plan=plan_tree["plan"], parent=None,
                             data=services.NodeData(kind="section", title="x"))


def test_the_lead_units_reporter_marks_a_milestone_done_through_the_page(client, plan_tree, reporter,
                                                                      other_reporter):
    from django.urls import reverse

    milestone = plan_tree["task"].milestones.get()
    client.force_login(other_reporter)
    client.post(reverse("milestone_done", args=[milestone.pk]), {"done_on": "2023-09-20"})
    milestone.refresh_from_db()
    assert milestone.done_on is None  # another unit's reporter may not
    client.force_login(reporter)
    client.post(reverse("milestone_done", args=[milestone.pk]), {"done_on": "2023-09-20"})
    milestone.refresh_from_db()
    assert str(milestone.done_on) == "2023-09-20"
    assert AuditEntry.objects.filter(object_type="plans.milestone", action="update").exists()


def test_hq_changes_thresholds_and_responsibility_through_pages(client, plan_tree, hq_user, reporter):
    from django.urls import reverse

    from luoshi.plans.models import Plan

    plan, task = plan_tree["plan"], plan_tree["task"]
    client.force_login(reporter)
    assert client.get(reverse("plan_edit", args=[plan.pk])).status_code == 403
    client.force_login(hq_user)
    form = {"title": plan.title, "short_title": "", "region_code": "210400", "issuing_body": "",
            "document_number": "", "issued_on": "", "start_date": "2023-01-01", "end_date": "2025-12-31",
            "report_deadline_day": 10, "green_ratio": "0.95", "red_ratio": "0.60",
            "missing_red_periods": 3, "rollup_red_share": "0.25"}
    assert client.post(reverse("plan_edit", args=[plan.pk]), form).status_code == 302
    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.report_deadline_day, str(plan.green_ratio), str(plan.red_ratio)) == (10, "0.95", "0.60")
    bad = client.post(reverse("plan_edit", args=[plan.pk]), {**form, "red_ratio": "0.99"})
    assert "红灯阈值" in bad.content.decode()
    client.post(reverse("node_edit", args=[task.pk]), {
        "kind": "task", "number": "1.", "title": task.title, "text": "",
        "lead_unit_code": "FS-GXJ", "co_unit_codes": "FS-FGW，FS-QY"})
    task.refresh_from_db()
    assert task.lead_unit.code == "FS-GXJ"
    assert sorted(u.code for u in task.co_units.all()) == ["FS-FGW", "FS-QY"]
