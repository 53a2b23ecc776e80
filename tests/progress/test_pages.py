"""Pages of plans and reports: what each role sees, the forms, exports, pinned query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.permissions import SYSTEM
from luoshi.plans import services as plan_services
from luoshi.progress import services
from luoshi.progress.models import ProgressReport, ReportStatus


def _more_tasks(plan_tree, n):
    for i in range(n):
        node = plan_services.create_node(actor=SYSTEM, plan=plan_tree["plan"], parent=plan_tree["area"],
                                         data=plan_services.NodeData(kind="task", title=f"任务{i}",
                                                                     lead_unit_code="FS-FGW"))
        plan_services.set_targets(actor=SYSTEM, node=node, targets=[plan_services.TargetData(
            metric="指标", unit="个", years={2023: Decimal(10)})])


def _submitted(plan_tree, reporter, node=None, period="2023-06"):
    report = services.open_report(actor=reporter, node=node or plan_tree["task"], period=period)
    services.save_report(actor=reporter, report=report, data=services.ReportData(progress="进展"))
    return services.submit_report(actor=reporter, report=report)


def test_reporter_fills_and_submits_through_the_page(client, plan_tree, reporter):
    client.force_login(reporter)
    page = client.get(reverse("report_inbox"), {"period": "2023-06"}).content.decode()
    assert "扩大有效投资" in page and "培育工业企业" not in page
    response = client.post(reverse("report_open", args=[plan_tree["task"].pk, "2023-06"]))
    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("report_detail", args=[report.pk])
    target = plan_tree["task"].targets.get()
    response = client.post(reverse("report_detail", args=[report.pk]), {
        "action": "submit", "progress": "完成投资81.8亿元", "problems": "", "next_steps": "",
        f"target_{target.pk}": "81.8"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.values.get().value == Decimal("81.8")


def test_a_bad_value_keeps_the_text_and_names_the_field(client, plan_tree, reporter):
    client.force_login(reporter)
    client.post(reverse("report_open", args=[plan_tree["task"].pk, "2023-06"]))
    report = ProgressReport.objects.get()
    target = plan_tree["task"].targets.get()
    response = client.post(reverse("report_detail", args=[report.pk]), {
        "action": "submit", "progress": "写了很多字", f"target_{target.pk}": "八十一"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "写了很多字" in page and "error" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_another_units_reporter_gets_404_for_the_report(client, plan_tree, reporter, other_reporter):
    report = _submitted(plan_tree, reporter)
    client.force_login(other_reporter)
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404


def test_leader_returns_with_a_reason_and_the_reporter_sees_it(client, plan_tree, reporter, unit_leader):
    report = _submitted(plan_tree, reporter)
    client.force_login(unit_leader)
    assert "扩大有效投资" in client.get(reverse("report_approvals")).content.decode()
    client.post(reverse("report_detail", args=[report.pk]), {"action": "return", "reason": "数据口径不对"})
    client.force_login(reporter)
    page = client.get(reverse("report_inbox"), {"period": "2023-06"}).content.decode()
    assert "数据口径不对" in page


def test_evidence_upload_checks_type_and_content(client, plan_tree, reporter, other_reporter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(reporter)
    client.post(reverse("report_open", args=[plan_tree["task"].pk, "2023-06"]))
    report = ProgressReport.objects.get()
    url = reverse("report_evidence", args=[report.pk])
    client.post(url, {"file": SimpleUploadedFile("a.exe", b"MZ....")})
    client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"not a pdf")})
    assert report.evidence.count() == 0
    client.post(url, {"file": SimpleUploadedFile("现场照片.pdf", b"%PDF-1.4 test")})
    item = report.evidence.get()
    assert item.original_name == "现场照片.pdf" and "现场照片" not in item.file.name
    assert client.get(reverse("evidence_download", args=[item.pk])).status_code == 200
    client.force_login(other_reporter)
    assert client.get(reverse("evidence_download", args=[item.pk])).status_code == 404


def test_delivery_counts_missing_and_late(client, plan_tree, reporter, hq_user):
    _submitted(plan_tree, reporter)
    client.force_login(hq_user)
    page = client.get(reverse("report_delivery"), {"period": "2023-06"}).content.decode()
    assert "抚顺市发改委" in page and "抚顺市工信局" in page
    rows = client.get(reverse("report_delivery"), {"period": "2023-06", "format": "xlsx"})
    assert rows["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_tree_shows_numbers_and_filters(client, plan_tree, hq_user):
    client.force_login(hq_user)
    page = client.get(reverse("plan_tree", args=[plan_tree["plan"].pk]), {"period": "2023-06"}).content.decode()
    assert "一、重点任务" in page and "（一）推动产业结构优化升级" in page and "1.扩大有效投资" in page
    page = client.get(reverse("plan_tree", args=[plan_tree["plan"].pk]),
                      {"period": "2023-06", "unit": plan_tree["other"].lead_unit_id},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "培育工业企业" in page and "扩大有效投资" not in page and "<html" not in page
    export = client.get(reverse("plan_tree_export", args=[plan_tree["plan"].pk]), {"period": "2023-06"})
    assert export.status_code == 200


def test_node_detail_shows_targets_and_reports(client, plan_tree, reporter, hq_user):
    _submitted(plan_tree, reporter)
    client.force_login(hq_user)
    page = client.get(reverse("node_detail", args=[plan_tree["task"].pk])).content.decode()
    assert "固定资产投资" in page and "20个项目列入省重大项目清单" in page and "已报送" in page


# Fixed cost of a signed-in page: session, user, roles, own unit, session write (3).
PAGES = [
    ("plan_tree", "hq", 12), ("report_inbox", "reporter", 8), ("report_inbox?show=all", "reporter", 10),
    ("report_review", "hq", 9),
    ("report_approvals", "leader", 9), ("report_delivery", "hq", 9), ("plans", "hq", 9),
]


@pytest.mark.parametrize("grow", [0, 15])
@pytest.mark.parametrize("name,who,count", PAGES)
def test_pages_have_a_fixed_number_of_queries(client, plan_tree, reporter, unit_leader, hq_user, grow,
                                              name, who, count, django_assert_num_queries):
    _more_tasks(plan_tree, grow)
    for node in plan_tree["plan"].nodes.filter(kind="task", lead_unit__code="FS-FGW"):
        report = _submitted(plan_tree, reporter, node)
        if name == "report_review":
            services.approve_report(actor=unit_leader, report=report)
    user = {"hq": hq_user, "reporter": reporter, "leader": unit_leader}[who]
    client.force_login(user)
    args = [plan_tree["plan"].pk] if name == "plan_tree" else []
    name, _, query = name.partition("?")
    with django_assert_num_queries(count):
        assert client.get(f"{reverse(name, args=args)}?period=2023-06&{query}").status_code == 200


def test_plan_list_exports_with_the_periods_lights(client, plan_tree, hq_user):
    from io import BytesIO

    from openpyxl import load_workbook

    from luoshi.progress.status import recompute_plan

    recompute_plan(plan_tree["plan"], "2023-06")
    client.force_login(hq_user)
    response = client.get(reverse("plans"), {"period": "2023-06", "format": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("方案名称") and rows[1][0] == "抚顺全面振兴新突破三年行动方案"


def test_inbox_shows_what_is_still_to_do_unless_asked_for_all(client, plan_tree, reporter):
    _submitted(plan_tree, reporter)
    client.force_login(reporter)
    url = reverse("report_inbox")
    assert "扩大有效投资" not in client.get(url, {"period": "2023-06"}).content.decode()
    assert "扩大有效投资" in client.get(url, {"period": "2023-06", "show": "all"}).content.decode()
    assert "扩大有效投资" in client.get(url, {"period": "2023-07"}).content.decode()
