"""Units and officials through Excel: round trips, all-or-nothing imports, data scope, CLI."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from luoshi.core.errors import InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry
from luoshi.core.permissions import SYSTEM, DataScope
from luoshi.core.regions import load_regions
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs import queries, services, transfer
from luoshi.orgs.models import Official, Role, Unit, UnitKind, User
from luoshi.orgs.services import OfficialData, UnitData

UNIT_HEADER = ["单位编码", "单位名称", "简称", "类型", "区划代码", "上级单位编码", "排序", "状态"]
OFFICIAL_HEADER = ["姓名", "职务", "单位编码", "联系电话", "排序", "状态"]


@pytest.fixture
def units(db):
    """Fushun: a leading group with HQ, 发改委 and a county under it; Yingkou: one department."""
    load_regions()

    def unit(code, name, kind, region, parent=""):
        return services.create_unit(actor=SYSTEM, data=UnitData(
            code=code, name=name, kind=kind, region_code=region, parent_code=parent))

    return {
        "root": unit("FS-LDXZ", "抚顺市领导小组", UnitKind.LEADING_GROUP, "210400"),
        "hq": unit("FS-ZHB", "抚顺市指挥部", UnitKind.HQ, "210400", "FS-LDXZ"),
        "fgw": unit("FS-FGW", "抚顺市发改委", UnitKind.GOV_DEPT, "210400", "FS-LDXZ"),
        "qy": unit("FS-QY", "清原满族自治县人民政府", UnitKind.COUNTY_GOV, "210423", "FS-LDXZ"),
        "yk": unit("YK-FGW", "营口市发改委", UnitKind.GOV_DEPT, "210800"),
    }


@pytest.fixture
def officials(units):
    def official(name, post, unit, phone=""):
        return services.create_official(actor=SYSTEM, data=OfficialData(
            name=name, post=post, unit_code=unit, phone=phone))

    return [official("张伟", "主任", "FS-FGW", "024-52681234"), official("李娜", "副主任", "FS-FGW"),
            official("王强", "局长", "YK-FGW", "13800000000")]


def make_user(username, role_code, unit) -> User:
    user = User.objects.create(username=username, unit=unit, must_change_password=False)
    user.roles.set([Role.objects.get(code=role_code)])
    return User.objects.select_related("unit__region").get(pk=user.pk)


@pytest.fixture
def hq(units):
    return make_user("hq", "hq_staff", units["hq"])  # region scope: 抚顺 (2104…)


@pytest.fixture
def reporter(units):
    return make_user("reporter", "reporter", units["fgw"])


@pytest.fixture
def unit_clerk(units):
    """Manages organisations, but only its own unit (a role a security admin might add)."""
    Role.objects.create(code="unit_clerk", name="单位管理员", data_scope=DataScope.OWN_UNIT,
                        permissions=["orgs.view", "orgs.manage"])
    return make_user("clerk", "unit_clerk", units["fgw"])


def xlsx_file(header, *rows) -> bytes:
    workbook = Workbook()
    for row in (header, *rows):
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def state():
    """Everything an import could change, to compare before and after."""
    return (list(Unit.objects.order_by("code").values()),
            list(Official.objects.order_by("id").values()),
            AuditEntry.objects.count())


def errors_of(caught) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.message for e in caught.value.errors}


# --- round trips ---

def test_exported_units_import_back_unchanged(hq, units):
    before = state()
    exported = transfer.export_units(queries.units_for_list(hq))

    result = transfer.import_units(actor=hq, file=exported)

    assert result == transfer.ImportResult(created=0, updated=0, unchanged=4)  # 营口 out of scope
    assert state() == before
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[1]] == [
        "单位编码*", "单位名称*", "简称", "类型*", "区划代码*", "上级单位编码", "排序", "状态"]
    assert ["FS-ZHB", "抚顺市指挥部", None, "指挥部", "210400", "FS-LDXZ", 0, "启用"] in [
        [c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_exported_officials_import_back_unchanged(hq, officials):
    before = state()
    exported = transfer.export_officials(queries.officials_for_list(hq))

    assert transfer.import_officials(actor=hq, file=exported) == transfer.ImportResult(unchanged=2)
    assert state() == before


def test_import_creates_children_listed_before_parents_and_updates_by_code(hq, units):
    audit_before = AuditEntry.objects.count()
    data = xlsx_file(
        UNIT_HEADER,
        ["FS-QY-FGW", "清原县发改局", "", "政府部门", "210423", "FS-QY-ZF2", 2, "启用"],
        ["FS-QY-ZF2", "清原县政府办", "县政府办", "gov_dept", "210423", "FS-QY", "1", ""],
        ["FS-FGW", "抚顺市发展和改革委员会", "市发改委", "政府部门", "２１０４００", "FS-LDXZ", None, "停用"],
    )

    result = transfer.import_units(actor=hq, file=data)

    assert result == transfer.ImportResult(created=2, updated=1)
    child = Unit.objects.select_related("parent").get(code="FS-QY-FGW")
    assert child.parent.code == "FS-QY-ZF2"
    assert child.path == f"{units['root'].path}{units['qy'].pk}/{child.parent_id}/{child.pk}/"
    fgw = Unit.objects.get(code="FS-FGW")
    assert (fgw.name, fgw.short_name, fgw.is_active) == ("抚顺市发展和改革委员会", "市发改委", False)
    assert AuditEntry.objects.count() == audit_before + 3


def test_import_officials_creates_and_updates(hq, officials):
    data = xlsx_file(
        OFFICIAL_HEADER,
        ["张伟", "主任", "FS-FGW", "024-52680000", 1, "离任"],
        ["赵敏", "副主任", "FS-QY", 13900000000, None, None],
        ["李娜", "副主任", "FS-FGW", "", 0, "在职"],
    )

    result = transfer.import_officials(actor=hq, file=data)

    assert result == transfer.ImportResult(created=1, updated=1, unchanged=1)
    zhang = Official.objects.get(name="张伟")
    assert (zhang.phone, zhang.sort_order, zhang.is_active) == ("024-52680000", 1, False)
    assert Official.objects.get(name="赵敏").phone == "13900000000"


# --- all or nothing ---

def test_bad_rows_are_all_reported_and_nothing_is_written(hq, units):
    before = state()
    data = xlsx_file(
        UNIT_HEADER,
        ["FS-NEW1", "一个正确的单位", "", "政府部门", "210400", "FS-LDXZ", 1, "启用"],
        ["FS-NEW2", "类型不对", "", "银行", "210400", "FS-LDXZ", 2, "启用"],
        ["FS-NEW3", None, "", "政府部门", "210400", "FS-LDXZ", 3, "启用"],
        ["FS-NEW4", "区划不存在", "", "政府部门", "219999", "FS-LDXZ", 4, "启用"],
        ["FS-NEW5", "上级不存在", "", "政府部门", "210400", "FS-NOPE", 5, "启用"],
        ["FS-DUP", "第一次", "", "政府部门", "210400", "FS-LDXZ", 6, "启用"],
        ["FS-DUP", "第二次", "", "政府部门", "210400", "FS-LDXZ", 7, "启用"],
        ["FS-NEW6", "区划格式不对", "", "政府部门", "21040", "", 8, "启用"],
    )

    with pytest.raises(ImportRejected) as caught:
        transfer.import_units(actor=hq, file=data)

    errors = errors_of(caught)
    assert list(errors) == [
        (3, "类型（D列）"), (4, "单位名称（B列）"), (5, "区划代码（E列）"),
        (6, "上级单位编码（F列）"), (8, "单位编码（A列）"), (9, "区划代码（E列）")]
    assert "“银行”不是可选的值，请填写：领导小组、指挥部" in errors[(3, "类型（D列）")]
    assert "“219999”不存在" in errors[(5, "区划代码（E列）")]
    assert "“FS-NOPE”不存在" in errors[(6, "上级单位编码（F列）")]
    assert "与第7行重复" in errors[(8, "单位编码（A列）")]
    assert "6位行政区划代码" in errors[(9, "区划代码（E列）")]
    assert state() == before


def test_a_loop_of_parents_in_the_file_is_reported(hq, units):
    data = xlsx_file(UNIT_HEADER,
                     ["FS-A", "甲", "", "其他", "210400", "FS-B", 0, ""],
                     ["FS-B", "乙", "", "其他", "210400", "FS-A", 0, ""])

    with pytest.raises(ImportRejected) as caught:
        transfer.import_units(actor=hq, file=data)

    assert set(errors_of(caught)) == {(2, "上级单位编码（F列）"), (3, "上级单位编码（F列）")}
    assert "循环（FS-A→FS-B→FS-A）" in caught.value.errors[0].message


def test_a_service_refusing_a_row_undoes_the_rows_already_written(hq, units):
    before = state()
    data = xlsx_file(  # the new unit is written first, then moving the root under its child fails
        UNIT_HEADER,
        ["FS-NEW", "新单位", "", "其他", "210400", "FS-LDXZ", 0, ""],
        ["FS-LDXZ", "抚顺市领导小组", "", "领导小组", "210400", "FS-FGW", 0, ""],
    )

    with pytest.raises(ImportRejected) as caught:
        transfer.import_units(actor=hq, file=data)

    assert errors_of(caught) == {(3, "上级单位编码（F列）"): "上级单位不能是本单位或其下级单位"}
    assert state() == before


def test_a_file_that_is_not_xlsx_is_one_clear_error(hq):
    with pytest.raises(InvalidInput, match="不是 Excel 工作簿（.xlsx），可能是 CSV"):
        transfer.import_units(actor=hq, file=io.BytesIO("单位编码,单位名称\n".encode("gbk")))


# --- data scope ---

def test_a_user_without_manage_permission_cannot_import_at_all(reporter):
    data = xlsx_file(UNIT_HEADER, ["FS-FGW", "抚顺市发改委", "", "政府部门", "210400", "FS-LDXZ", 0, ""])
    with pytest.raises(PermissionDenied, match="管理单位和领导干部"):
        transfer.import_units(actor=reporter, file=data)


def test_rows_outside_the_region_scope_are_row_errors(hq, units):
    before = state()
    data = xlsx_file(
        UNIT_HEADER,
        ["FS-OK", "抚顺的新单位", "", "其他", "210400", "FS-LDXZ", 0, ""],
        ["YK-FGW", "营口市发改委（改）", "", "政府部门", "210800", "", 0, ""],
        ["YK-NEW", "营口的新单位", "", "其他", "210800", "YK-FGW", 0, ""],
    )

    with pytest.raises(ImportRejected) as caught:
        transfer.import_units(actor=hq, file=data)

    assert errors_of(caught) == {
        (3, "单位编码（A列）"): "单位“YK-FGW”不在您的数据范围内，不能修改",
        (4, "上级单位编码（F列）"): "上级单位“YK-FGW”不在您的数据范围内",
        (4, "区划代码（E列）"): "区划“210800”不在您的数据范围内",
    }
    assert state() == before


def test_a_unit_scoped_manager_gets_a_row_error_for_another_unit(unit_clerk, officials):
    data = xlsx_file(OFFICIAL_HEADER,
                     ["周杰", "科长", "FS-FGW", "", 0, ""],
                     ["吴刚", "科长", "YK-FGW", "", 0, ""],
                     ["郑洁", "科长", "FS-MISSING", "", 0, ""])

    with pytest.raises(ImportRejected) as caught:
        transfer.import_officials(actor=unit_clerk, file=data)

    assert errors_of(caught) == {
        (3, "单位编码（C列）"): "单位“YK-FGW”不在您的数据范围内",
        (4, "单位编码（C列）"): "单位编码“FS-MISSING”不存在，请改正，或先导入该单位",
    }
    assert not Official.objects.filter(name="周杰").exists()


def test_duplicate_officials_in_one_file_are_reported(hq, units):
    data = xlsx_file(OFFICIAL_HEADER, ["周杰", "科长", "FS-FGW"], ["周杰", "科长", "FS-FGW"])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_officials(actor=hq, file=data)
    assert list(errors_of(caught)) == [(3, "姓名（A列）")]


# --- templates ---

@pytest.mark.parametrize(("make", "header"), [
    (transfer.units_template, ["单位编码*", "单位名称*", "简称", "类型*", "区划代码*", "上级单位编码",
                               "排序", "状态"]),
    (transfer.officials_template, ["姓名*", "职务*", "单位编码*", "联系电话", "排序", "状态"]),
])
def test_templates_have_the_import_header_and_instructions(make, header):
    workbook = load_workbook(io.BytesIO(make()))
    assert [c.value for c in workbook.worksheets[0][1]] == header
    assert workbook.worksheets[0].max_row == 2  # one example row
    assert workbook.sheetnames[1] == "填写说明"


# --- command line ---

def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_cli_import_writes_with_the_users_rights_and_marks_the_source(hq, tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx_file(UNIT_HEADER, ["FS-CLI", "命令行建的单位", "", "其他", "210400", "FS-LDXZ"]))

    code, out, err = run("import", "units", str(path), "--user", "hq")

    assert (code, err) == (0, "")
    assert out.strip() == "导入完成：新增1条，更新0条，未变0条。"
    entry = AuditEntry.objects.filter(object_repr="命令行建的单位").get()
    assert (entry.source, entry.actor_name) == ("cli", "hq")


def test_cli_import_lists_each_error_and_exits_1(hq, tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx_file(UNIT_HEADER,
                               ["FS-X", "甲", "", "银行", "210400", "FS-LDXZ"],
                               ["FS-Y", None, "", "其他", "210400", "FS-LDXZ"]))

    code, out, err = run("import", "units", str(path), "--user", "hq")

    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("第2行 类型（D列）：“银行”不是可选的值")
    assert lines[1] == "第3行 单位名称（B列）：必填项为空，请填写"
    assert lines[2].startswith("文件中有2处错误，没有写入任何数据")
    assert "Traceback" not in err and not Unit.objects.filter(code="FS-Y").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["import", "units", "{dir}/missing.xlsx", "--user", "hq"], "无法打开文件"),
    (["import", "units", "{dir}/list.csv", "--user", "hq"], "不是 Excel 工作簿"),
    (["import", "units", "{dir}/list.csv", "--user", "nobody"], "用户“nobody”不存在"),
    (["import", "officials", "{dir}/list.csv", "--user", "reporter"], "没有“管理单位和领导干部”的权限"),
    (["export", "units", "-o", "{dir}/out.xlsx", "--user", "nobody"], "用户“nobody”不存在"),
])
def test_cli_failures_are_one_line_and_exit_1(hq, reporter, tmp_path, args, message):
    (tmp_path / "list.csv").write_text("单位编码,单位名称\n", encoding="utf-8")

    code, out, err = run(*[arg.format(dir=tmp_path) for arg in args])

    assert code == 1
    assert len(err.strip().splitlines()) == 1 and message in err


def test_cli_export_is_limited_to_the_users_scope(reporter, hq, officials, tmp_path):
    path = tmp_path / "units.xlsx"

    code, out, err = run("export", "units", "-o", str(path), "--user", "reporter")

    assert (code, err) == (0, "")
    assert out.strip() == f"已导出1条到 {path}"
    sheet = load_workbook(path).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["FS-FGW"]

    code, out, err = run("export", "officials", "-o", str(path), "--user", "hq", "--search", "张")
    assert code == 0
    assert [row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)] \
        == ["张伟"]
