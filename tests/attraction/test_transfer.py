"""Leads and funds through Excel: round trips, all-or-nothing imports with errors per row and
column, data scope, the command line."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from luoshi.attraction import queries, transfer
from luoshi.attraction.models import FundsArrival, Lead
from luoshi.core.xlsx import ImportRejected

D = dt.date
HEADER = ["线索编号", "项目名称", "投资方", "统一社会信用代码", "投资方来源", "投资方所在地", "行业门类",
          "意向投资额（万元）", "落地区划代码", "跟进单位编码", "阶段", "洽谈日期", "签约日期", "落位日期",
          "终止日期", "阶段变更原因", "备注"]


def workbook(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**changes):
    values = {"线索编号": None, "项目名称": "苯酚丙酮项目", "投资方": "江苏三木集团有限公司",
              "统一社会信用代码": "91320282134789723H", "投资方来源": "省外", "投资方所在地": "江苏省宜兴市",
              "行业门类": "C 制造业", "意向投资额（万元）": "86.8亿元", "落地区划代码": "210400",
              "跟进单位编码": "FS-FGW", "阶段": "签约", "洽谈日期": dt.datetime(2023, 3, 1),
              "签约日期": "2023-05-20", "落位日期": None, "终止日期": None, "阶段变更原因": None,
              "备注": None, **changes}
    return [values[h] for h in HEADER]


def test_a_good_file_creates_leads_with_their_history(org, hq_user):
    result = transfer.import_leads(actor=hq_user, file=workbook(HEADER, [
        row(), row(项目名称="文旅项目", 行业门类="R", 投资方来源="省内", 阶段="洽谈", 签约日期=None,
                   统一社会信用代码=None, **{"意向投资额（万元）": 1200})]))
    assert (result.created, result.updated) == (2, 0)
    lead = Lead.objects.get(title="苯酚丙酮项目")
    assert lead.intended_investment == Decimal("868000") and lead.signed_on == D(2023, 5, 20)
    assert [c.to_stage for c in lead.stage_changes.all()] == ["negotiating", "signed"]


def test_one_bad_row_writes_nothing_and_names_row_and_column(org, hq_user):
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_leads(actor=hq_user, file=workbook(HEADER, [
            row(), row(统一社会信用代码="91320282134789723A"), row(跟进单位编码="NOPE", 行业门类="X"),
            row(阶段="落位")]))
    messages = [str(e) for e in rejected.value.errors]
    assert any(m.startswith("第3行 统一社会信用代码（D列）") and "校验码应为H" in m for m in messages)
    assert any(m.startswith("第4行 行业门类（G列）") for m in messages)
    assert any(m.startswith("第4行 跟进单位编码（J列）") for m in messages)
    assert any(m.startswith("第5行 落位日期（N列）") for m in messages)
    assert not Lead.objects.exists()


def test_export_imports_back_unchanged_and_edits_move_the_stage(org, hq_user, make_lead):
    make_lead(title="甲", stage="landed", signed_on=D(2023, 4, 1), landed_on=D(2023, 6, 28))
    lead = make_lead(title="乙", intended_investment=Decimal("1234.5"))
    exported = transfer.export_leads(queries.lead_list(hq_user, queries.LeadFilters()))
    assert transfer.import_leads(actor=hq_user, file=exported).unchanged == 2
    book = load_workbook(io.BytesIO(exported))
    sheet = book.active
    header = [str(c.value).rstrip("*") for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[header.index("项目名称")].value == "乙":
            cells[header.index("阶段")].value = "签约"
            cells[header.index("签约日期")].value = "2023-07-01"
    buffer = io.BytesIO()
    book.save(buffer)
    result = transfer.import_leads(actor=hq_user, file=buffer.getvalue())
    assert (result.updated, result.unchanged) == (1, 1)
    lead.refresh_from_db()
    assert (lead.stage, lead.signed_on) == ("signed", D(2023, 7, 1))


def test_a_reporter_cannot_import_into_another_unit(org, reporter, other_reporter, make_lead):
    theirs = make_lead(actor=other_reporter, unit_code="FS-GXJ")
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_leads(actor=reporter, file=workbook(HEADER, [row(线索编号=theirs.pk)]))
    assert "不在您的数据范围内" in str(rejected.value.errors[0])
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_leads(actor=reporter, file=workbook(HEADER, [row(跟进单位编码="FS-GXJ")]))
    assert str(rejected.value.errors[0]).startswith("第2行 跟进单位编码（J列）")


FUNDS_HEADER = ["线索编号", "项目名称", "月份", "到位额（万元）"]


def test_funds_import_is_all_or_nothing_and_round_trips(org, hq_user, make_lead):
    lead = make_lead(stage="signed", signed_on=D(2023, 2, 20))
    local = make_lead(origin="in_province", stage="signed", signed_on=D(2023, 2, 20))
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_funds(actor=hq_user, file=workbook(FUNDS_HEADER, [
            [lead.pk, "", "2023-03", 1000], [local.pk, "", "2023-03", 5], [lead.pk, "", "2023-03", 7]]))
    messages = [str(e) for e in rejected.value.errors]
    assert any(m.startswith("第4行 月份（C列）") and "重复" in m for m in messages)
    assert not FundsArrival.objects.exists()
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_funds(actor=hq_user, file=workbook(FUNDS_HEADER, [
            [lead.pk, "", "2023-03", 1000], [local.pk, "", "2023-03", 5]]))
    assert str(rejected.value.errors[0]).startswith("第3行 线索编号（A列）")
    assert not FundsArrival.objects.exists()
    result = transfer.import_funds(actor=hq_user, file=workbook(FUNDS_HEADER, [
        [lead.pk, "", "2023-03", 1000], [lead.pk, "", "2023年4月", "0.12亿元"]]))
    assert result.created == 2
    assert FundsArrival.objects.get(month="2023-04").amount == Decimal("1200")
    exported = transfer.export_funds(queries.funds_list(hq_user))
    assert transfer.import_funds(actor=hq_user, file=exported).unchanged == 2


def test_upload_page_shows_the_errors(client, org, hq_user):
    client.force_login(hq_user)
    assert client.get(reverse("leads_template", args=["leads"])).status_code == 200
    upload = io.BytesIO(workbook(HEADER, [row(落地区划代码="999999")]))
    upload.name = "leads.xlsx"
    response = client.post(reverse("leads_import", args=["leads"]), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "落地区划代码（I列）" in page and "999999" in page


def test_the_command_line_imports_and_exports(org, hq_user, tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(workbook(HEADER, [row()]))
    bad.write_bytes(workbook(HEADER, [row(洽谈日期="昨天")]))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command("leads", "import", str(bad), "--user", "hq", stdout=out, stderr=err)
    assert "第2行 洽谈日期（L列）" in err.getvalue()
    call_command("leads", "import", str(good), "--user", "hq", stdout=out, stderr=err)
    assert "新增1条" in out.getvalue()
    target = tmp_path / "out.xlsx"
    call_command("leads", "export", str(target), "--user", "hq", stdout=out)
    assert load_workbook(target).active.max_row == 2
    lead = Lead.objects.get()
    funds = tmp_path / "funds.xlsx"
    funds.write_bytes(workbook(FUNDS_HEADER, [[lead.pk, "", "2023-06", 3000]]))
    call_command("funds", "import", str(funds), "--user", "hq", stdout=out, stderr=err)
    assert FundsArrival.objects.get().amount == Decimal("3000")
