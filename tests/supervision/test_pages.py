"""Pages of warnings and orders: what each side sees, the workflow through the pages, the
files, and pinned query counts."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.supervision import services
from luoshi.supervision.models import OrderStatus, SupervisionOrder, Warning

from .conftest import AS_OF


def test_the_office_sees_every_warning_with_reason_and_link(client, warnings_raised, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("warnings")).content.decode()
    task = warnings_raised["task"]
    assert f'href="/plans/nodes/{task.pk}/' in page and "亮红灯" in page and "已逾期41天" in page
    assert page.count('name="warnings"') == 5  # a checkbox per open warning


def test_a_unit_sees_only_its_own_warnings(client, warnings_raised, other_reporter):
    client.force_login(other_reporter)
    page = client.get(reverse("warnings")).content.decode()
    assert "培育工业企业" in page and "扩大有效投资" not in page
    assert 'name="warnings"' not in page  # no turning warnings into orders


def test_filters_narrow_the_list_and_htmx_gets_only_rows(client, warnings_raised, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("warnings"), {"rule": "overdue_milestone", "region": "210400"},
                          HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<h1>" not in page and page.count("<tr>") == 2  # header + one warning
    assert "共 0 条" in client.get(reverse("warnings"), {"region": "210800"}).content.decode()


def test_warnings_export_to_xlsx(client, warnings_raised, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("warnings"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] and str(r[0]).startswith("预警规则"))
    assert "预警原因" in "".join(str(c) for c in header)
    assert sum(1 for r in rows if r[0] == "方案条目亮红灯") == 2


def test_the_office_turns_warnings_into_an_order(client, warnings_raised, supervisor):
    client.force_login(supervisor)
    ids = list(Warning.objects.filter(unit__code="FS-FGW", status="open").values_list("id", flat=True))
    form = client.get(reverse("order_new"), {"warnings": ids}).content.decode()
    assert "扩大有效投资" in form and "督办内容" in form
    response = client.post(reverse("order_new"), {
        "warnings": ids, "title": "关于扩大有效投资的督办", "unit": warnings_raised["task"].lead_unit_id,
        "deadline": "2030-01-31", "content": "请加快推进", "requirements": "报送办理结果"})
    order = SupervisionOrder.objects.get()
    assert response["Location"] == reverse("order_detail", args=[order.pk])
    assert order.warnings.count() == len(ids) and order.number.startswith("抚督〔")


def test_a_bad_order_form_keeps_the_input(client, org, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("order_new"), {"title": "写了标题", "unit": org["fgw"].pk,
                                                   "deadline": "2000-01-01", "content": "内容",
                                                   "requirements": "要求"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "写了标题" in page and "办理时限不能早于" in page
    assert not SupervisionOrder.objects.exists()


def test_the_unit_responds_with_a_file_and_the_office_closes(client, issued_order, reporter, supervisor):
    client.force_login(reporter)
    page = client.get(reverse("order_detail", args=[issued_order.pk])).content.decode()
    assert "提交反馈" in page and "销号" not in page.split("流转记录")[0].split("反馈办理情况")[1]
    upload = SimpleUploadedFile("结果.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    response = client.post(reverse("order_respond", args=[issued_order.pk]),
                           {"kind": "result", "text": "已全部办结", "files": [upload]})
    assert response.status_code == 302
    client.force_login(supervisor)
    page = client.get(reverse("order_detail", args=[issued_order.pk])).content.decode()
    assert "结果.pdf" in page and 'value="close"' in page
    client.post(reverse("order_decide", args=[issued_order.pk]), {"action": "close", "note": "同意"})
    issued_order.refresh_from_db()
    assert issued_order.status == OrderStatus.CLOSED


def test_returning_without_a_reason_shows_the_error(client, issued_order, reporter, supervisor):
    services.respond_order(actor=reporter, order=issued_order, kind="result", text="办结")
    client.force_login(supervisor)
    response = client.post(reverse("order_decide", args=[issued_order.pk]), {"action": "return", "reason": ""})
    assert response.status_code == 400
    issued_order.refresh_from_db()
    assert issued_order.status == OrderStatus.RESPONDED


def test_evidence_is_served_only_within_scope(client, issued_order, reporter, other_reporter):
    response = services.respond_order(actor=reporter, order=issued_order, kind="result", text="办结",
                                      files=[("a.pdf", b"%PDF-1.4 a")])
    evidence = response.evidence.get()
    client.force_login(other_reporter)
    assert client.get(reverse("order_evidence", args=[evidence.pk])).status_code == 404
    client.force_login(reporter)
    assert client.get(reverse("order_evidence", args=[evidence.pk])).status_code == 200


def test_the_order_downloads_as_an_official_document(client, issued_order, reporter):
    client.force_login(reporter)
    response = client.get(reverse("order_document", args=[issued_order.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "抚督〔2023〕1号" in xml and "仿宋_GB2312" in xml and "方正小标宋简体" in xml
    # A4 and the margins of GB/T 9704-2012 (twentieths of a point: 37 mm = 2098)
    assert 'w:w="11906"' in xml and 'w:top="2098"' in xml and 'w:left="1587"' in xml


def test_orders_export_to_xlsx(client, issued_order, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("orders"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(r[0] == "抚督〔2023〕1号" for r in rows)


def test_the_unit_sees_its_notices(client, issued_order, reporter):
    client.force_login(reporter)
    page = client.get(reverse("order_notifications")).content.decode()
    assert "抚督〔2023〕1号" in page and "新督办单" in page


def test_a_role_without_supervision_rights_is_refused(client, warnings_raised, city_leader):
    client.force_login(city_leader)
    assert client.get(reverse("warnings")).status_code == 403
    assert client.get(reverse("orders")).status_code == 403


def _more_orders(supervisor, order_data, n):
    for _ in range(n):
        services.create_order(actor=supervisor, data=order_data(), issued_on=dt.date(2023, 11, 13))


# Fixed cost of a signed-in page: session, user, roles, own unit, session write (3 with its
# savepoint); the warning list adds the regions filter, count, rows and linked orders.
@pytest.mark.parametrize("name,who,count", [
    ("warnings", "supervisor", 11), ("warnings", "reporter", 11),
    ("orders", "supervisor", 9), ("orders", "reporter", 9),
])
def test_list_pages_have_a_fixed_number_of_queries(client, warnings_raised, supervisor, reporter, order_data,
                                                   name, who, count, django_assert_num_queries):
    from luoshi.progress.status import recompute_plan
    from luoshi.supervision.evaluation import run_warnings

    from .test_pages_helpers import more_tasks

    client.force_login({"supervisor": supervisor, "reporter": reporter}[who])
    for grow in (1, 12):  # the same count with a few rows and with many more
        more_tasks(warnings_raised, grow)
        recompute_plan(warnings_raised["plan"], "2023-10", as_of=AS_OF)
        run_warnings("2023-10", as_of=AS_OF)
        _more_orders(supervisor, order_data, grow)
        for warning in Warning.objects.filter(unit__code="FS-FGW", orders__isnull=True)[:2]:
            services.order_from_warnings(actor=supervisor, warnings=[warning], deadline=dt.date(2030, 1, 1),
                                         requirements="报送")
        with django_assert_num_queries(count):
            assert client.get(reverse(name)).status_code == 200
