"""The province-scale plan generator at a small scale: counts, tree, reports, lights, clearing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from luoshi.bench.orgs import generate_orgs
from luoshi.bench.plans import bench_plans, clear_bench_plans, generate_plans
from luoshi.orgs.models import Unit
from luoshi.plans.models import (
    REPORTED_KINDS,
    Milestone,
    NodeKind,
    Plan,
    PlanNode,
    Target,
    TargetYear,
)
from luoshi.progress.models import NodeStatus, PlanStatus, ProgressReport, ReportStatus, ReportValue
from luoshi.progress.status import recompute_period

pytestmark = pytest.mark.django_db

PLANS, NODES, MONTHS = 2, 300, 3
IN_STATUSES = [ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.ACCEPTED]


@pytest.fixture
def bench_org(reference_data):
    generate_orgs(units=300, users=600)


def bench_nodes():
    return PlanNode.objects.filter(plan__in=bench_plans())


def test_it_generates_the_plans_nodes_and_a_report_per_reported_node_and_month(bench_org):
    counts = generate_plans(plans=PLANS, nodes=NODES, months=MONTHS, start="2023-01")
    assert bench_plans().count() == counts.plans == PLANS
    assert bench_nodes().count() == counts.nodes == NODES
    reported = bench_nodes().filter(kind__in=REPORTED_KINDS)
    assert reported.count() == counts.reported_nodes
    assert not reported.filter(lead_unit=None).exists()
    assert not bench_nodes().exclude(kind__in=REPORTED_KINDS).exclude(lead_unit=None).exists()
    # Sections and areas aside, every node is reported.
    assert counts.reported_nodes > 0.9 * NODES

    reports = ProgressReport.objects.filter(node__plan__in=bench_plans())
    assert reports.count() == counts.reports
    assert 0.85 * counts.reported_nodes * MONTHS < counts.reports <= counts.reported_nodes * MONTHS
    assert set(reports.values_list("period", flat=True)) == {"2023-01", "2023-02", "2023-03"}
    assert not reports.values("node", "period").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_reports_are_made_by_the_lead_unit_and_have_values_only_when_in(bench_org):
    generate_plans(plans=PLANS, nodes=NODES, months=MONTHS)
    reports = ProgressReport.objects.filter(node__plan__in=bench_plans()).select_related("node")
    assert all(r.unit_id == r.node.lead_unit_id for r in reports)
    values = ReportValue.objects.filter(report__in=reports)
    assert values.exists()
    assert not values.exclude(report__status__in=IN_STATUSES).exists()
    assert all(v.target.node_id == v.report.node_id
               for v in values.select_related("target", "report"))


def test_the_latest_months_have_queues_and_older_ones_are_mostly_accepted(bench_org):
    generate_plans(plans=PLANS, nodes=NODES, months=MONTHS)
    by_month = {}
    for period, status, n in (ProgressReport.objects.filter(node__plan__in=bench_plans())
                              .values_list("period", "status").annotate(n=Count("id"))):
        by_month.setdefault(period, {})[status] = n
    latest = by_month["2023-03"]
    pending = latest.get(ReportStatus.SUBMITTED, 0) + latest.get(ReportStatus.APPROVED, 0)
    assert 0.08 < pending / sum(latest.values()) < 0.30
    oldest = by_month["2023-01"]
    assert oldest[ReportStatus.ACCEPTED] / sum(oldest.values()) > 0.95


def test_the_tree_is_numbered_with_paths_and_at_most_four_levels(bench_org):
    generate_plans(plans=PLANS, nodes=NODES, months=MONTHS)
    nodes = {n.pk: n for n in bench_nodes()}
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        assert node.path == (parent.path if parent else "/") + f"{node.pk}/"
        assert node.depth == (parent.depth + 1 if parent else 0) <= 3
        assert node.outline == (parent.outline if parent else "") + f"{node.position:04d}."
        assert node.number
    kinds = {n.kind for n in nodes.values()}
    assert {NodeKind.SECTION, NodeKind.AREA, NodeKind.TASK, NodeKind.MEASURE, NodeKind.SAFEGUARD} <= kinds


def test_about_half_the_reported_nodes_have_a_target_with_a_value_per_year(bench_org):
    counts = generate_plans(plans=PLANS, nodes=NODES, months=24, start="2024-01")
    targets = Target.objects.filter(node__plan__in=bench_plans())
    assert targets.count() == counts.targets
    assert 0.35 < counts.targets / counts.reported_nodes < 0.65
    assert TargetYear.objects.filter(target__in=targets).count() == 2 * counts.targets
    assert Milestone.objects.filter(node__plan__in=bench_plans()).count() == counts.milestones > 0


def test_lead_units_come_from_the_plans_city(bench_org):
    generate_plans(plans=PLANS, nodes=NODES, months=1)
    for plan in bench_plans():
        regions = set(Unit.objects.filter(led_nodes__plan=plan).values_list("region_id", flat=True))
        assert regions and all(code[:4] == plan.region_id[:4] for code in regions)


def test_recompute_runs_over_the_generated_plans(bench_org):
    generate_plans(plans=PLANS, nodes=NODES, months=MONTHS)
    statuses = recompute_period("2023-03")
    assert len(statuses) == PLANS
    assert PlanStatus.objects.filter(period="2023-03").count() == PLANS
    assert NodeStatus.objects.filter(period="2023-03").count() == NODES
    lights = dict(NodeStatus.objects.filter(period="2023-03").values_list("light")
                  .annotate(n=Count("id")))
    assert lights["green"] > lights.get("red", 0)


def test_generating_again_replaces_the_plans_and_clear_removes_them(bench_org, plan_tree):
    first = generate_plans(plans=PLANS, nodes=NODES, months=MONTHS, seed=5)
    shape = sorted(bench_nodes().values_list("plan__title", "number", "title", "depth"))
    second = generate_plans(plans=PLANS, nodes=NODES, months=MONTHS, seed=5)
    assert first == second
    assert sorted(bench_nodes().values_list("plan__title", "number", "title", "depth")) == shape
    assert clear_bench_plans() == {"plans": PLANS, "nodes": NODES, "reports": second.reports}
    assert not bench_plans().exists() and not bench_nodes().exists()
    assert not ProgressReport.objects.filter(unit__code__startswith="B-").exists()
    assert Plan.objects.filter(pk=plan_tree["plan"].pk).exists()


def test_it_needs_the_bench_organisation(reference_data):
    with pytest.raises(ValueError):
        generate_plans(plans=PLANS, nodes=NODES, months=MONTHS)


def test_the_command_generates_plans_on_request_and_clears_them(reference_data):
    out = StringIO()
    call_command("bench", "generate", "--units", "300", "--users", "600", "--plans", "2",
                 "--nodes", "300", "--months", "2", stdout=out)
    assert "方案2个" in out.getvalue()
    assert bench_nodes().count() == NODES
    call_command("bench", "generate", "--units", "300", "--users", "600", stdout=out)
    assert not bench_plans().exists()
    call_command("bench", "generate", "--units", "300", "--users", "600", "--plans", "2",
                 "--nodes", "300", "--months", "2", stdout=out)
    call_command("bench", "clear", stdout=out)
    assert "方案2个" in out.getvalue().splitlines()[-1]
    assert not bench_plans().exists()
    assert not Unit.objects.filter(code__startswith="B-").exists()
