"""Plans through Excel: round trips, all-or-nothing imports with every error named, updates in
place, permissions, the command line, the upload page and the target-cell mini-syntax."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from luoshi.core.errors import InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs import services as org_services
from luoshi.plans import cells, services, transfer
from luoshi.plans.cells import OfficialRef
from luoshi.plans.models import Accumulation, Direction, NodeKind, Plan, PlanNode
from luoshi.plans.services import MilestoneData, NodeData, PlanData, TargetData

NODE_HEADER = ["条目编号", "上级条目编号", "类型", "编号", "标题", "内容", "牵头单位编码", "配合单位编码",
               "牵头领导", "目标", "节点目标"]


@pytest.fixture
def officials(org):
    def official(name, post, unit):
        return org_services.create_official(actor=SYSTEM, data=org_services.OfficialData(
            name=name, post=post, unit_code=unit))
    return {"gxj": official("张伟", "局长", "FS-GXJ"), "fgw": official("张伟", "主任", "FS-FGW")}


@pytest.fixture
def plan(hq_user, officials):
    """一、基本原则 （一）; 四、重点任务 （一） 1. 2.: a task with targets and milestones."""
    plan = services.create_plan(actor=hq_user, data=PlanData(
        title="抚顺市全面振兴新突破三年行动方案", short_title="三年行动", region_code="210400",
        issuing_body="抚顺市人民政府", document_number="抚政发〔2023〕1号", issued_on=dt.date(2023, 3, 1),
        start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31), green_ratio=Decimal("0.85")))

    def node(parent, kind, number, title, **more):
        return services.create_node(actor=hq_user, plan=plan, parent=parent,
                                    data=NodeData(kind=kind, number=number, title=title, **more))
    principles = node(None, NodeKind.SECTION, "一、", "基本原则")
    node(principles, NodeKind.PRINCIPLE, "（一）", "坚持项目为王", text="项目是经济工作的生命线。\n第二行")
    tasks = node(None, NodeKind.SECTION, "四、", "重点任务")
    area = node(tasks, NodeKind.AREA, "（一）", "聚焦工业振兴", lead_unit_code="FS-GXJ")
    task = node(area, NodeKind.TASK, "1.", "实施技改提升工程", lead_unit_code="FS-GXJ",
                co_unit_codes=["FS-FGW", "FS-QY"], lead_official_id=officials["gxj"].pk)
    services.set_targets(actor=hq_user, node=task, targets=[
        TargetData(metric="规上工业增加值增速", unit="%", baseline=Decimal("5.0"),
                   years={2023: Decimal("6.0"), 2024: Decimal("6.5"), 2025: Decimal("7")}),
        TargetData(metric="技改投资", unit="亿元", direction=Direction.HIGHER,
                   accumulation=Accumulation.LEVEL, years={2023: Decimal("12.3456")})])
    services.set_milestones(actor=hq_user, node=task, milestones=[
        MilestoneData(due_on=dt.date(2023, 6, 30), description="完成项目签约", done_on=dt.date(2023, 6, 20)),
        MilestoneData(due_on=dt.date(2023, 12, 31), description="全部开工")])
    # Led by the county, whose officials include no 张伟: the region has two, so the post is written.
    node(area, NodeKind.TASK, "2.", "培育专精特新企业", lead_unit_code="FS-QY",
         lead_official_id=officials["fgw"].pk)
    return plan


def sheets(data: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets}


def workbook(header: dict[str, str], *rows) -> bytes:
    book = Workbook()
    book.active.title = "方案"
    book.active.append(["项目", "内容"])
    for label, value in header.items():
        book.active.append([label, value])
    nodes = book.create_sheet("条目")
    for row in (NODE_HEADER, *rows):
        nodes.append(list(row))
    return saved(book)


def saved(book: Workbook) -> bytes:
    book.save(buffer := io.BytesIO())
    return buffer.getvalue()


HEADER = {"方案名称": "测试方案", "区划代码": "210400", "起始日期": "2023-01-01", "截止日期": "2025年12月31日"}


def counts() -> tuple[int, int, int]:
    return Plan.objects.count(), PlanNode.objects.count(), AuditEntry.objects.count()


# --- round trips -------------------------------------------------------------------------

def test_export_imports_as_a_new_plan_that_exports_identically(plan, hq_user):
    first = transfer.export_plan(plan)
    result = transfer.import_plan(actor=hq_user, file=first)
    assert result.plan.pk != plan.pk
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    assert sheets(transfer.export_plan(result.plan)) == sheets(first)
    rows = sheets(first)["条目"]
    assert rows[0][0] == "条目编号*"
    assert [r[0] for r in rows[1:]] == ["1", "1.1", "2", "2.1", "2.1.1", "2.1.2"]
    task = rows[5]
    assert task[1:5] == ["2.1", "任务", "1.", "实施技改提升工程"]
    assert task[7:9] == ["FS-FGW、FS-QY", "张伟"]
    assert task[9] == ("规上工业增加值增速|%|基数5|越大越好|年内累计|2023:6;2024:6.5;2025:7\n"
                       "技改投资|亿元|越大越好|达到水平|2023:12.3456")
    assert task[10] == "2023-06-30|完成项目签约|完成日期2023-06-20\n2023-12-31|全部开工"
    assert rows[6][8] == "张伟（主任）"
    header = dict(row[:2] for row in sheets(first)["方案"][1:])
    assert header["起始日期*"] == "2023-01-01" and header["绿灯阈值"] == "0.85"


def test_reimporting_an_export_into_its_plan_changes_nothing(plan, hq_user):
    before = counts()
    result = transfer.import_plan(actor=hq_user, file=transfer.export_plan(plan), plan=plan)
    assert (result.plan, result.created, result.updated, result.unchanged) == (plan, 0, 0, 6)
    assert counts() == before


def test_an_edited_export_updates_matched_nodes_and_adds_new_ones(plan, hq_user):
    book = load_workbook(io.BytesIO(transfer.export_plan(plan)))
    nodes = book["条目"]
    nodes["E6"] = "实施工业企业技术改造提升工程"  # 2.1.1's title
    nodes["K6"] = "2023-06-30|完成项目签约|完成日期2023-06-20"
    nodes.append(["N1", "2.1", "任务", "", "推进数字化转型", None, "FS-FGW", None, "张伟", None, None])
    result = transfer.import_plan(actor=hq_user, file=saved(book), plan=plan)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 5)
    task = PlanNode.objects.get(plan=plan, title="实施工业企业技术改造提升工程")
    assert [m.description for m in task.milestones.all()] == ["完成项目签约"]
    assert task.targets.count() == 2
    new = PlanNode.objects.get(plan=plan, title="推进数字化转型")
    assert (new.parent_id, new.position, new.number, new.lead_official.post) == (
        task.parent_id, 3, "3.", "主任")


def test_reordered_rows_reorder_the_plan(plan, hq_user):
    book = load_workbook(io.BytesIO(transfer.export_plan(plan)))
    rows = [[cell.value for cell in row] for row in book["条目"].iter_rows(min_row=2)]
    moved = [rows[2], rows[3], rows[5], rows[4], rows[0], rows[1]]  # 四、 first; its 1. and 2. swapped
    for number, row in enumerate(moved, start=2):
        for column, value in enumerate(row, start=1):
            book["条目"].cell(number, column).value = value
    result = transfer.import_plan(actor=hq_user, file=saved(book), plan=plan)
    assert (result.updated, result.unchanged) == (4, 2)
    nodes = {n.pk: n for n in PlanNode.objects.filter(plan=plan)}
    for node in nodes.values():  # the stored document order agrees with the positions
        parent = nodes.get(node.parent_id)
        assert node.outline == f"{parent.outline if parent else ''}{node.position:04d}."
    again = sheets(transfer.export_plan(plan))["条目"]
    assert [(r[0], r[4]) for r in again[1:]] == [
        ("1", "重点任务"), ("1.1", "聚焦工业振兴"), ("1.1.1", "培育专精特新企业"),
        ("1.1.2", "实施技改提升工程"), ("2", "基本原则"), ("2.1", "坚持项目为王")]


def test_the_template_imports_where_its_units_and_official_exist(hq_user, officials):
    result = transfer.import_plan(actor=hq_user, file=transfer.plan_template())
    assert result.created == 8
    task = PlanNode.objects.get(plan=result.plan, number="1.")
    assert task.lead_official == officials["gxj"]
    assert task.targets.get().years.count() == 3
    assert "填写说明" in sheets(transfer.plan_template())


# --- bad files ---------------------------------------------------------------------------

def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(plan, hq_user):
    before = counts()
    data = workbook(
        HEADER,
        ["1", None, "篇章", "一、", "重点任务"],
        ["2", "X9", "任务", None, "上级不存在"],
        ["3", "1", "章节", None, "类型不对"],
        ["4", "1", "任务", None, "单位不存在", None, "NOPE"],
        ["5", "1", "任务", None, "目标写错", None, "FS-GXJ", None, None, "增速|%|基数abc"],
        ["6", "1", "任务", None, "节点超期", None, "FS-GXJ", None, None, None, "2026-06-30|超期"],
        ["7", "1", "任务", None, "领导重名", None, "FS-QY", None, "张伟"],
    )
    with pytest.raises(ImportRejected) as caught:
        transfer.import_plan(actor=hq_user, file=data)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(3, "上级条目编号（B列）"), (4, "类型（C列）"), (5, "牵头单位编码（G列）"),
                     (6, "目标（J列）"), (7, "节点目标（K列）"), (8, "牵头领导（I列）")}
    messages = {e.row: e.message for e in caught.value.errors}
    assert "X9" in messages[3] and "篇章" in messages[4] and "基数abc" in messages[6]
    assert "2023-01-01至2025-12-31" in messages[7] and "写明是哪一位" in messages[8]
    assert counts() == before


def test_plan_sheet_errors_name_the_field(hq_user, plan):
    data = workbook({"方案名称": "测试方案", "区划代码": "210800", "起始日期": "2023-13-01",
                     "截止日期": "2025-12-31", "颜色": "红"}, ["1", None, "篇章", None, "重点任务"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_plan(actor=hq_user, file=data)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (4, "方案表 内容（B列）"), (6, "方案表 项目（A列）")]
    data = workbook({**HEADER, "区划代码": "210800"}, ["1", None, "篇章", None, "重点任务"])
    with pytest.raises(ImportRejected) as caught:  # Yingkou is outside HQ Fushun's scope
        transfer.import_plan(actor=hq_user, file=data)
    assert caught.value.errors[0].column == "方案表 区划代码（B列）"
    with pytest.raises(ImportRejected) as caught:  # a file of another plan
        transfer.import_plan(actor=hq_user, file=workbook(HEADER, ["1", None, "篇章", None, "甲"]), plan=plan)
    assert caught.value.errors[0].column == "方案表 方案名称（B列）"


def test_duplicate_keys_and_loops_of_parents_are_reported(hq_user, org):
    data = workbook(HEADER, ["A", "B", "任务", None, "甲"], ["B", "A", "任务", None, "乙"],
                    ["A", None, "任务", None, "丙"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_plan(actor=hq_user, file=data)
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (2, "上级条目编号（B列）"), (3, "上级条目编号（B列）"), (4, "条目编号（A列）")}


def test_an_import_cannot_move_a_node_or_duplicate_one_under_a_new_key(plan, hq_user):
    book = load_workbook(io.BytesIO(transfer.export_plan(plan)))
    book["条目"]["B3"] = "2"  # 1.1 moved under 四、
    book["条目"]["A2"] = "T1"  # 一、基本原则 again under another key
    book["条目"]["B3"] = "T1"
    book["条目"]["B7"] = "1"  # 2.1.2 moved under 一、
    with pytest.raises(ImportRejected) as caught:
        transfer.import_plan(actor=hq_user, file=saved(book), plan=plan)
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (2, "条目编号（A列）"), (3, "上级条目编号（B列）"), (7, "上级条目编号（B列）")}


def test_an_export_older_than_a_deletion_is_refused(plan, hq_user):
    exported = transfer.export_plan(plan)
    services.delete_node(actor=hq_user, node=PlanNode.objects.get(plan=plan, title="实施技改提升工程"))
    with pytest.raises(ImportRejected) as caught:  # 2.1.1 is now 培育专精特新企业
        transfer.import_plan(actor=hq_user, file=exported, plan=plan)
    assert [(e.row, e.column) for e in caught.value.errors] == [(6, "条目编号（A列）")]
    assert "重新导出" in caught.value.errors[0].message


def test_a_service_refusing_a_row_undoes_the_whole_import(plan, hq_user, monkeypatch):
    exported, before = transfer.export_plan(plan), counts()

    def refuse(**kwargs):
        raise InvalidInput("节点目标不合规则", field="milestones")
    monkeypatch.setattr(services, "set_milestones", refuse)
    with pytest.raises(ImportRejected) as caught:  # the plan and four nodes were written by then
        transfer.import_plan(actor=hq_user, file=exported)
    assert [str(e) for e in caught.value.errors] == ["第6行 节点目标（K列）：节点目标不合规则"]
    assert counts() == before


# --- permissions -------------------------------------------------------------------------

def test_a_reporter_cannot_import(client, plan, reporter):
    before = counts()
    with pytest.raises(PermissionDenied):
        transfer.import_plan(actor=reporter, file=transfer.export_plan(plan))
    with pytest.raises(PermissionDenied):
        transfer.import_plan(actor=reporter, file=transfer.export_plan(plan), plan=plan)
    assert counts() == before
    assert transfer.plans_for_import(reporter) == []
    client.force_login(reporter)
    assert client.get(reverse("plans_import")).status_code == 403


# --- command line ------------------------------------------------------------------------

def run(*args) -> tuple[int, str, str]:
    out, err, code = io.StringIO(), io.StringIO(), 0
    try:
        call_command("plans", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_cli_exports_and_imports_with_the_users_rights(plan, hq_user, reporter, tmp_path):
    target = tmp_path / "plan.xlsx"
    assert run("export", str(plan.pk), "-o", str(target), "--user", "hq")[0] == 0
    code, out, _ = run("import", str(target), "--user", "hq")
    assert code == 0 and "新增条目6条" in out
    code, out, _ = run("import", str(target), "--user", "hq", "--into", str(plan.pk))
    assert code == 0 and "未变6条" in out
    assert AuditEntry.objects.filter(source="cli").exists()
    code, _, err = run("import", str(target), "--user", "reporter")
    assert code == 1 and "管理行动方案" in err and "Traceback" not in err
    assert run("import", str(target), "--user", "nobody")[0] == 1
    assert run("import", str(tmp_path / "missing.xlsx"), "--user", "hq")[0] == 1
    assert run("export", "999999", "-o", str(target), "--user", "hq")[0] == 1


def test_cli_lists_every_error_one_per_line(hq_user, tmp_path):
    target = tmp_path / "bad.xlsx"
    target.write_bytes(workbook(HEADER, ["1", "X", "章节", None, "甲"]))
    code, _, err = run("import", str(target), "--user", "hq")
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 3
    assert lines[0].startswith("第2行 上级条目编号（B列）") and lines[1].startswith("第2行 类型（C列）")


# --- pages -------------------------------------------------------------------------------



def test_upload_page_shows_errors_per_row_and_imports_a_good_file(client, plan, hq_user):
    client.force_login(hq_user)
    page = client.get(reverse("plans_import"))
    assert page.status_code == 200 and reverse("plans_template") in page.content.decode()
    bad = SimpleUploadedFile("bad.xlsx", workbook(HEADER, ["1", None, "章节", None, "甲"]))
    page = client.post(reverse("plans_import"), {"file": bad, "plan": ""})
    assert "类型（C列）" in page.content.decode() and Plan.objects.count() == 1
    good = SimpleUploadedFile("plan.xlsx", transfer.export_plan(plan))
    page = client.post(reverse("plans_import"), {"file": good, "plan": str(plan.pk)})
    assert "未变 6 条" in page.content.decode() and Plan.objects.count() == 1


def test_template_and_export_downloads(client, plan, hq_user, make_user):
    client.force_login(hq_user)
    template = client.get(reverse("plans_template"))
    assert template.status_code == 200 and "方案" in sheets(template.content)
    export = client.get(reverse("plans_export", args=[plan.pk]))
    assert sheets(export.content) == sheets(transfer.export_plan(plan))
    client.force_login(make_user("yk", "hq_staff", "yk_fgw"))  # Yingkou HQ: not its plan
    assert client.get(reverse("plans_export", args=[plan.pk])).status_code == 404


def test_export_takes_the_same_queries_however_big_the_plan(client, plan, hq_user,
                                                            django_assert_num_queries):
    client.force_login(hq_user)
    client.get(reverse("plans_export", args=[plan.pk]))  # the first request of a session writes more
    with django_assert_num_queries(14):  # user and scope, plan, nodes and prefetches, officials, session
        client.get(reverse("plans_export", args=[plan.pk]))
    area = PlanNode.objects.get(plan=plan, kind=NodeKind.AREA)
    for title in ("甲", "乙", "丙"):
        node = services.create_node(actor=hq_user, plan=plan, parent=area, data=NodeData(
            kind=NodeKind.TASK, title=title, lead_unit_code="FS-QY", co_unit_codes=["FS-GXJ"],
            lead_official_id=area.children.exclude(lead_official=None).last().lead_official_id))
        services.set_milestones(actor=hq_user, node=node, milestones=[MilestoneData(dt.date(2024, 1, 1), "完成")])
    with django_assert_num_queries(14):
        client.get(reverse("plans_export", args=[plan.pk]))


# --- cells -------------------------------------------------------------------------------

_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() splits
_NAME = st.text(st.characters(exclude_characters="|｜" + _BREAKS, exclude_categories=("Cs",)),
                min_size=1, max_size=30).map(str.strip).filter(bool)
_VALUE = st.decimals(-10**15, 10**15, places=4, allow_nan=False, allow_infinity=False)
_TARGET = st.builds(TargetData, metric=_NAME, unit=_NAME.filter(lambda s: len(s) <= 16),
                    baseline=st.none() | _VALUE, direction=st.sampled_from(Direction.values),
                    accumulation=st.sampled_from(Accumulation.values),
                    years=st.dictionaries(st.integers(1990, 2100), _VALUE, max_size=6))


@given(st.lists(_TARGET, max_size=4, unique_by=lambda t: t.metric))
def test_target_cells_round_trip(targets):
    text = cells.format_targets(targets)
    assert cells.parse_targets(text) == targets
    assert cells.format_targets(cells.parse_targets(text)) == text


def test_target_cells_accept_what_a_clerk_types():
    target = cells.parse_target("增速 ｜ % ｜ 2023：6，2024：6.5 ｜ 越小越好 ｜ 基数：5")
    assert target == TargetData(metric="增速", unit="%", baseline=Decimal(5), direction=Direction.LOWER,
                                years={2023: Decimal(6), 2024: Decimal("6.5")})
    for bad in ("增速", "增速|%|基数5|基数6", "增速|%|2023:1.23456", "增速|%|2023:1;2023:2", "增速|%|很高"):
        with pytest.raises(InvalidInput):
            cells.parse_target(bad)


def test_dates_milestones_and_officials():
    assert {cells.parse_date(text) for text in ("2023-06-30", "2023/6/30", "2023年6月30日", "20230630",
                                                 dt.datetime(2023, 6, 30))} == {dt.date(2023, 6, 30)}
    with pytest.raises(InvalidInput):
        cells.parse_date("2023-02-30")
    assert cells.parse_milestone("2023年6月30日|签约|已完成2023-06-20") == MilestoneData(
        due_on=dt.date(2023, 6, 30), description="签约", done_on=dt.date(2023, 6, 20))
    assert cells.parse_official("张伟(局长, FS-GXJ)") == OfficialRef("张伟", "局长", "FS-GXJ")
    assert cells.parse_official("张伟（市委常委、副市长）") == OfficialRef("张伟", "市委常委、副市长")
    assert cells.parse_codes("FS-FGW、FS-QY；FS-FGW, FS-GXJ") == ["FS-FGW", "FS-QY", "FS-GXJ"]
