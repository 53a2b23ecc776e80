"""Enterprises, assignments and appeals through Excel: round trips, errors naming row and
column with nothing written, batch assignment, and the command line."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from luoshi.core.models import AuditEntry
from luoshi.core.xlsx import ImportRejected
from luoshi.service import queries, services, transfer
from luoshi.service.examples import enterprise_uscc
from luoshi.service.models import Appeal, AppealStatus, Assignment, Enterprise
from tests.service.conftest import RECEIVED

ENTERPRISE_HEADER = ["统一社会信用代码", "企业名称", "区划代码", "行业门类", "企业规模"]


def workbook(header, *rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_enterprises_round_trip_unchanged(enterprises, hq_user):
    content = transfer.export_enterprises(queries.enterprises_for_list(hq_user))
    result = transfer.import_enterprises(actor=hq_user, file=content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)  # Yingkou's is outside


def test_a_bad_row_rejects_the_whole_file(hq_user, org):
    good = enterprise_uscc("210411", 31)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    content = workbook(ENTERPRISE_HEADER,
                       [good, "抚顺好企业有限公司", "210411", "制造业", "中型"],
                       [wrong, "抚顺错码企业有限公司", "210411", "C", "小型"],
                       [enterprise_uscc("210423", 32), "清原企业", "999999", "Z", "巨型"],
                       [enterprise_uscc("210804", 33), "营口企业", "210804", "C", "小型"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_enterprises(actor=hq_user, file=content)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("第3行 统一社会信用代码（A列）") and "校验码" in m for m in messages)
    assert any(m.startswith("第4行 区划代码（C列）") and "999999" in m for m in messages)
    assert any(m.startswith("第4行 行业门类（D列）") for m in messages)
    assert any(m.startswith("第4行 企业规模（E列）") for m in messages)
    assert any(m.startswith("第5行 区划代码（C列）") and "数据范围" in m for m in messages)
    assert Enterprise.objects.count() == 0 and not AuditEntry.objects.filter(object_type="service.enterprise").exists()
    # Fixed, it goes in whole; the industry by name or letter
    content = workbook(ENTERPRISE_HEADER, [good, "抚顺好企业有限公司", "210411", "制造业", "中型"])
    assert transfer.import_enterprises(actor=hq_user, file=content).created == 1
    assert Enterprise.objects.get().industry == "C"


def test_assignments_import_and_export(enterprises, hq_user, cadre):
    header = ["统一社会信用代码", "干部姓名", "职务", "干部所在单位编码", "包保起始日期", "包保结束日期"]
    a = enterprises["a"].uscc
    content = workbook(header, [a, "王建国", "副主任", "FS-FGW", "2023-03-01", None],
                       [a, "李四", "副主任", "FS-FGW", "2023-03-01", None],
                       [a, "王建国", "副主任", "FS-FGW", "2023年4月1日", "2023-02-01"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_assignments(actor=hq_user, file=content)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("第3行 干部姓名（B列）") for m in messages)
    assert any(m.startswith("第4行 包保结束日期（F列）") for m in messages)
    content = workbook(header, [a, "王建国", "副主任", "FS-FGW", "2023-03-01", None])
    assert transfer.import_assignments(actor=hq_user, file=content).created == 1
    exported = transfer.export_assignments(queries.assignments_for_list(hq_user).select_related("official__unit"))
    assert transfer.import_assignments(actor=hq_user, file=exported).unchanged == 1
    content = workbook(header, [a, "王建国", "副主任", "FS-FGW", "2023-03-01", "2023-12-31"])
    assert transfer.import_assignments(actor=hq_user, file=content).updated == 1
    assert str(Assignment.objects.get().end_date) == "2023-12-31"


def test_appeals_import_registers_assigns_and_round_trips(enterprises, hq_user, org, appeal):
    header = ["编号", "统一社会信用代码", "诉求类别", "诉求事项", "诉求内容", "受理日期", "承办单位编码", "办理时限"]
    b = enterprises["b"].uscc
    content = workbook(header,
                       [None, b, "融资", "流动资金贷款", "需3000万元", "2023-05-04", "FS-GXJ", None],
                       [appeal.number, enterprises["a"].uscc, "用地", appeal.title, appeal.content,
                        RECEIVED.isoformat(), "FS-FGW", "2023-07-31"],
                       ["SQ2023-999999", b, "其他", "x", "y", "2023-05-04", None, None],
                       [None, b, "其他", "x", "y", "2023-05-04", "NOPE", "2023-05-01"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_appeals(actor=hq_user, file=content)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("第4行 编号（A列）") for m in messages)
    assert any(m.startswith("第5行 承办单位编码（G列）") for m in messages)
    assert any(m.startswith("第5行 办理时限（H列）") for m in messages)
    assert Appeal.objects.count() == 1
    result = transfer.import_appeals(actor=hq_user, file=workbook(header, *[
        [None, b, "融资", "流动资金贷款", "需3000万元", "2023-05-04", "FS-GXJ", None],
        [appeal.number, enterprises["a"].uscc, "用地", appeal.title, appeal.content, RECEIVED.isoformat(),
         "FS-FGW", "2023-07-31"]]))
    assert (result.created, result.updated) == (1, 1)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ASSIGNED and appeal.unit == org["fgw"] and str(appeal.deadline) == "2023-07-31"
    new = Appeal.objects.get(title="流动资金贷款")
    assert new.status == AppealStatus.ASSIGNED and new.received_on.isoformat() == "2023-05-04"
    exported = transfer.export_appeals(transfer.appeals_for_export(queries.appeals_for_list(hq_user)))
    assert transfer.import_appeals(actor=hq_user, file=exported).unchanged == 2


def test_reporters_cannot_import(reporter, org):
    from luoshi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        transfer.import_enterprises(actor=reporter, file=transfer.enterprises_template())


def test_templates_read_their_own_example_rows(hq_user):
    for name, template in transfer.TEMPLATES.items():
        sheet = load_workbook(io.BytesIO(template())).worksheets
        assert sheet[1].title == "填写说明", name


def test_cli_import_and_export(enterprises, hq_user, tmp_path, capsys):
    out = tmp_path / "e.xlsx"
    call_command("enterprises", "export", "-o", str(out), "--user", "hq")
    assert "已导出2条" in capsys.readouterr().out
    call_command("enterprises", "import", str(out), "--user", "hq")
    assert "未变2条" in capsys.readouterr().out
    call_command("appeals", "export", "-o", str(tmp_path / "a.xlsx"), "--user", "hq")
    call_command("assignments", "export", "-o", str(tmp_path / "s.xlsx"), "--user", "hq")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(ENTERPRISE_HEADER, ["123", "x", "210411", "C", "小型"]))
    with pytest.raises(SystemExit):
        call_command("enterprises", "import", str(bad), "--user", "hq")
    assert "第2行 统一社会信用代码（A列）" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("enterprises", "import", str(bad), "--user", "nobody")


def test_upload_page_shows_errors_per_row(client, hq_user, org):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(hq_user)
    assert client.get(reverse("service_template", args=["appeals"])).status_code == 200
    upload = SimpleUploadedFile("e.xlsx", workbook(ENTERPRISE_HEADER, ["123", "x", "210411", "C", "小型"]))
    response = client.post(reverse("service_import", args=["enterprises"]), {"file": upload})
    assert response.status_code == 400 and "统一社会信用代码（A列）" in response.content.decode()
    assert client.get(reverse("service_import", args=["nothing"])).status_code == 404


def test_service_errors_are_reported_on_their_row(enterprises, hq_user, org):
    # A closed unit is refused by the service while writing: the whole file is undone
    header = ["统一社会信用代码", "诉求类别", "诉求事项", "诉求内容", "受理日期", "承办单位编码"]
    org["gxj"].is_active = False
    org["gxj"].save()
    content = workbook(header, [enterprises["a"].uscc, "融资", "第一条", "c", "2023-05-04", "FS-FGW"],
                       [enterprises["b"].uscc, "融资", "第二条", "c", "2023-05-04", "FS-GXJ"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_appeals(actor=hq_user, file=content)
    assert str(caught.value.errors[0]).startswith("第3行 承办单位编码（F列）")
    assert not Appeal.objects.exists()


def test_services_used_by_import_are_audited(enterprises, hq_user):
    header = ["统一社会信用代码", "诉求类别", "诉求事项", "诉求内容", "受理日期"]
    transfer.import_appeals(actor=hq_user, file=workbook(header, [enterprises["a"].uscc, "审批", "t", "c", "2023-05-04"]))
    assert AuditEntry.objects.filter(object_type="service.appeal", actor_name="hq").count() == 1
    assert services.deadline_workdays() == 10
