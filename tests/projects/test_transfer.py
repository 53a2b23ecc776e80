"""Projects and monthly investment through Excel: all or nothing, round trip, CLI."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from luoshi.core.xlsx import ImportRejected
from luoshi.projects import transfer
from luoshi.projects.models import MonthlyInvestment, Project
from tests.projects.conftest import invest

pytestmark = pytest.mark.django_db


def book(header, rows) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PROJECT_HEADER = ["项目编号", "项目名称", "区划代码", "牵头单位编码", "统一社会信用代码", "行业门类", "项目类型",
                  "总投资（万元）", "项目阶段", "年度计划投资（万元）", "所属清单"]


def test_a_bad_row_rejects_the_file_naming_row_and_column(hq_user):
    content = book(PROJECT_HEADER, [
        ["A1", "项目一", "210400", "FS-FGW", "", "C", "工业项目", "86.8亿元", "在建", "2023:100000", "2023年省重大项目"],
        ["A2", "项目二", "210800", "FS-FGW", "91350100M000100Y40", "Z", "工业项目", "多少", "在建", "", ""],
    ])
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_projects(actor=hq_user, file=content)
    messages = [str(e) for e in rejected.value.errors]
    assert all(m.startswith("第3行") for m in messages) and len(messages) == 4
    assert any("统一社会信用代码" in m for m in messages) and any("行业门类" in m for m in messages)
    assert any("总投资" in m for m in messages) and any("数据范围" in m for m in messages)
    assert not Project.objects.exists()


def test_import_creates_then_export_round_trips_unchanged(hq_user):
    content = book(PROJECT_HEADER, [
        ["A1", "项目一", "210400", "FS-FGW", "91350100M000100Y43", "C 制造业", "工业项目", "86.8亿元", "在建",
         "2023:100000；2024:200000", "2023年省重大项目；2023年市重点项目"],
    ])
    assert transfer.import_projects(actor=hq_user, file=content).created == 1
    project = Project.objects.get()
    assert project.total_investment == Decimal(868000) and project.lists.count() == 2
    assert {p.year: p.amount for p in project.year_plans.all()} == {2023: 100000, 2024: 200000}
    exported = transfer.export_projects(Project.objects.all())
    assert transfer.import_projects(actor=hq_user, file=exported).unchanged == 1


def test_a_stage_backwards_in_a_file_is_refused(hq_user, project):
    exported = load_workbook(io.BytesIO(transfer.export_projects(Project.objects.all())))
    sheet = exported.active
    stage_column = [c.value for c in sheet[1]].index("项目阶段*") + 1
    sheet.cell(row=2, column=stage_column, value="签约")
    buffer = io.BytesIO()
    exported.save(buffer)
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_projects(actor=hq_user, file=buffer.getvalue())
    assert "不能退回" in str(rejected.value.errors[0])


def test_investment_import_derives_months_and_refuses_an_unexplained_fall(hq_user, project):
    header = ["项目编号", "月份", "当月完成投资（万元）", "年内累计完成投资（万元）", "说明"]
    good = book(header, [["FS-001", "2023年2月", None, 300, None], ["FS-001", "2023-01", 100, None, None]])
    assert transfer.import_investment(actor=hq_user, file=good).created == 2
    rows = {r.month: (r.completed, r.cumulative) for r in MonthlyInvestment.objects.all()}
    assert rows == {1: (100, 100), 2: (200, 300)}
    falling = book(header, [["FS-001", "2023-03", None, 250, None], ["NOPE", "2023-03", 1, None, None]])
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_investment(actor=hq_user, file=falling)
    assert "第3行" in str(rejected.value.errors[0]) and "不存在" in str(rejected.value.errors[0])
    with pytest.raises(ImportRejected) as rejected:
        transfer.import_investment(actor=hq_user, file=book(header, [["FS-001", "2023-03", None, 250, None]]))
    assert "低于上月累计" in str(rejected.value.errors[0])
    assert MonthlyInvestment.objects.count() == 2


def test_investment_export_imports_back_unchanged(hq_user, project):
    invest(project, 2023, 1, "100")
    invest(project, 2023, 2, "50")
    exported = transfer.export_investment(MonthlyInvestment.objects.select_related("project"))
    assert transfer.import_investment(actor=hq_user, file=exported).unchanged == 2


def test_cli_import_and_export(hq_user, project, tmp_path, capsys):
    out = tmp_path / "projects.xlsx"
    call_command("projects", "export", str(out), "--user", "hq")
    call_command("projects", "import", str(out), "--user", "hq")
    assert "未变1条" in capsys.readouterr().out
    invest(project, 2023, 1, "100")
    call_command("investment", "export", str(tmp_path / "inv.xlsx"), "--user", "hq", "--year", "2023")
    assert load_workbook(tmp_path / "inv.xlsx").active.max_row == 2


def test_templates_are_workbooks(client, hq_user):
    client.force_login(hq_user)
    for name in ("projects_template", "investment_template"):
        from django.urls import reverse

        response = client.get(reverse(name))
        assert load_workbook(io.BytesIO(response.content)).sheetnames[-1] == "填写说明"
