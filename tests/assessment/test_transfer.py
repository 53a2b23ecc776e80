"""Hand-entered values through Excel: the template round-trips; a bad file writes nothing."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.assessment import services, transfer
from luoshi.assessment.models import ManualValue, Result
from luoshi.core.permissions import SYSTEM
from luoshi.core.xlsx import ImportRejected
from tests.assessment.conftest import enter

HEADER = ("考核期", "单位编码", "单位名称", "考核指标", "得分值", "说明")


def _file(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_lists_every_member_and_imports_back(scheme, org, office):
    enter(scheme, scheme["work"], org["fgw"], 80)
    content = transfer.export_values(scheme["scheme"], "2023Q2")
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[0] == ("考核期*", "单位编码*", "单位名称", "考核指标*", "得分值", "说明")
    assert [r[1:5] for r in rows[1:]] == [("FS-FGW", "抚顺市发改委", "重点工作完成情况", 80),
                                          ("FS-GXJ", "抚顺市工信局", "重点工作完成情况", None),
                                          ("FS-QY", "清原满族自治县人民政府", "重点工作完成情况", None)]
    assert transfer.import_values(actor=office, scheme=scheme["scheme"], file=content) == 3
    assert ManualValue.objects.get(unit=org["fgw"]).value == Decimal(80)


def test_the_import_moves_a_computed_ranking(scheme, org, office):
    enter(scheme, scheme["work"], org["fgw"], 80)
    enter(scheme, scheme["work"], org["gxj"], 90)
    services.compute_period(actor=SYSTEM, scheme=scheme["scheme"], period="2023-Q2")
    transfer.import_values(actor=office, scheme=scheme["scheme"], file=_file([
        ("2023-Q2", "FS-FGW", "", "重点工作完成情况", "九十五", "复核后")]))
    assert Result.objects.get(unit=org["fgw"], period="2023-Q2").rank == 1


def test_every_bad_row_is_named_and_nothing_is_written(scheme, org, office):
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_values(actor=office, scheme=scheme["scheme"], file=_file([
            ("2023-Q2", "FS-FGW", "", "重点工作完成情况", "85", ""),
            ("2023-06", "FS-GXJ", "", "重点工作完成情况", "85", ""),
            ("2023-Q2", "YK-FGW", "", "重点工作完成情况", "85", ""),
            ("2023-Q2", "FS-GXJ", "", "条目绿灯率", "85", ""),
            ("2023-Q2", "FS-GXJ", "", "不存在的指标", "85", ""),
            ("2023-Q2", "FS-QY", "", "重点工作完成情况", "很好", ""),
            ("2023-Q2", "FS-FGW", "", "重点工作完成情况", "86", ""),
            ("2024-Q1", "FS-QY", "", "重点工作完成情况", "86", ""),
        ]))
    messages = [str(e) for e in rejected.value.errors]
    assert messages[0].startswith("第3行 考核期（A列）：") and "不是季度或全年" in messages[0]
    assert "第4行 单位编码（B列）：单位“YK-FGW”不是本方案的考核对象" in messages[1]
    assert "第5行 考核指标（D列）：指标“条目绿灯率”由平台数据计算" in messages[2]
    assert "第6行 考核指标（D列）：类别“市直部门”中没有指标“不存在的指标”" in messages[3]
    assert messages[4].startswith("第7行 得分值（E列）：“很好”不是数字")
    assert "第8行 考核指标（D列）：与第2行重复" in messages[5]
    assert "第9行 考核期（A列）：考核期2024-Q1不在方案的考核年度2023年内" in messages[6]
    assert not ManualValue.objects.exists()


def test_a_reporter_cannot_import(scheme, reporter):
    with pytest.raises(services.PermissionDenied):
        transfer.import_values(actor=reporter, scheme=scheme["scheme"], file=_file([]))


def test_the_import_page_lists_the_errors_and_the_template_downloads(client, scheme, org, office):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(office)
    template = client.get(reverse("assessment_values_template", args=[scheme["scheme"].pk]), {"period": "2023-Q2"})
    assert template.status_code == 200 and template.content.startswith(b"PK")
    upload = SimpleUploadedFile("v.xlsx", _file([("2023-Q2", "FS-FGW", "", "重点工作完成情况", "很好", "")]))
    page = client.post(reverse("assessment_import", args=[scheme["scheme"].pk]), {"file": upload})
    assert page.status_code == 400 and "“很好”不是数字" in page.content.decode()
    upload = SimpleUploadedFile("v.xlsx", _file([("2023-Q2", "FS-FGW", "", "重点工作完成情况", "88", "")]))
    page = client.post(reverse("assessment_import", args=[scheme["scheme"].pk]), {"file": upload})
    assert "写入 1 条录入值" in page.content.decode()
    assert ManualValue.objects.get().value == Decimal(88)
