"""Excel in both layouts: the bureau's wide table and the long list; errors per cell, all or
nothing; export round-trips."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from luoshi.core.errors import PermissionDenied
from luoshi.core.permissions import SYSTEM
from luoshi.core.xlsx import ImportRejected
from luoshi.indicators import services, transfer
from luoshi.indicators.models import Observation

pytestmark = pytest.mark.django_db


def _wide(rows, title="主要指标"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def tourism(fai):
    return services.save_indicator(actor=SYSTEM, code="TOUR", name="旅游总收入", unit="亿元")


def test_the_bureaus_wide_table_imports_with_the_period_from_the_title(fai, tourism):
    content = _wide([
        ["2023年1-6月全省各市主要经济指标"],
        ["地区", "固定资产投资（亿元）", None, None, "旅游总收入", None, None],
        [None, "本月", "累计", "同比(%)", "本月", "累计", "同比(%)"],
        ["抚顺市", 15.2, 81.8, 22.3, None, 120.5, "39.4%"],
        ["营口", None, 150, "-3.1", None, 200, 10],
    ])
    result = transfer.import_observations(actor=SYSTEM, file=content)
    assert (result.layout, result.rows, result.created) == ("wide", 4, 4)
    fushun = Observation.objects.get(indicator=fai, region_id="210400")
    assert (fushun.year, fushun.month, fushun.value, fushun.cumulative, fushun.yoy_reported) == (
        2023, 6, Decimal("15.2"), Decimal("81.8"), Decimal("22.3"))
    assert Observation.objects.get(indicator=tourism, region_id="210400").yoy_reported == Decimal("39.4")
    assert Observation.objects.get(indicator=fai, region_id="210800").yoy_reported == Decimal("-3.1")


def test_the_period_may_come_from_the_sheet_name(fai):
    content = _wide([["地区", "固定资产投资"], [None, "累计"], ["抚顺", 20]], title="2023年1-2月")
    transfer.import_observations(actor=SYSTEM, file=content)
    assert Observation.objects.get().month == 2


def test_a_bad_wide_file_names_every_cell_and_writes_nothing(fai):
    content = _wide([["2023年6月"], ["地区", "固定资产投资", None], [None, "本月", "累计"],
                     ["抚顺市", "十二", 81.8], ["火星市", 1, 2]])
    with pytest.raises(ImportRejected) as caught:
        transfer.import_observations(actor=SYSTEM, file=content)
    messages = [str(e) for e in caught.value.errors]
    assert any("第4行" in m and "B列" in m and "不是数字" in m for m in messages)
    assert any("第5行" in m and "火星市" in m for m in messages)
    assert not Observation.objects.exists()


def test_long_layout_round_trips_and_reports_rows(fai, tmp_path):
    services.apply_entries([services.Entry(fai, "210400", 2023, 2, {"cumulative": Decimal(20)}),
                            services.Entry(fai, "210400", 2023, 3, {
                                "cumulative": Decimal(32), "yoy_reported": Decimal("22.3"),
                                "yoy_comparable": True})], actor=SYSTEM)
    content = transfer.export_long(Observation.objects.select_related("indicator", "region"))
    sheet = load_workbook(io.BytesIO(content)).active
    periods = sorted(row[4].value for row in sheet.iter_rows(min_row=2))
    assert periods == ["2023-01~02", "2023-03"]
    Observation.objects.all().delete()
    result = transfer.import_observations(actor=SYSTEM, file=content)
    assert result.layout == "long" and result.created == 2
    march = Observation.objects.get(month=3)
    assert march.value == 12 and march.value_derived and march.yoy_comparable

    bad = Workbook()
    bad.active.append(["指标代码", "区划代码", "期间", "累计值"])
    bad.active.append(["FAI", "210400", "2023-01", 5])
    bad.active.append(["NOPE", "999999", "2023-06", 5])
    bad.active.append(["FAI", "210400", "2023-06", None])
    path = tmp_path / "bad.xlsx"
    bad.save(path)
    with pytest.raises(ImportRejected) as caught:
        transfer.import_observations(actor=SYSTEM, file=str(path))
    messages = [str(e) for e in caught.value.errors]
    assert "1-2月合并发布" in messages[0] and "第2行" in messages[0]
    assert any("第3行" in m and "NOPE" in m for m in messages)
    assert any("第3行" in m and "999999" in m for m in messages)
    assert any("第4行" in m and "至少填写一项" in m for m in messages)


def test_wide_export_reads_back(fai, liaoning):
    services.apply_entries([services.Entry(fai, "210400", 2023, 6, {
        "value": Decimal("15.2"), "cumulative": Decimal("81.8"), "yoy_reported": Decimal("22.3")})],
        actor=SYSTEM)
    content = transfer.export_wide([fai], list(liaoning.children.all()), 2023, 6)
    Observation.objects.all().delete()
    result = transfer.import_observations(actor=SYSTEM, file=content)
    assert result.rows == 1 and Observation.objects.get().cumulative == Decimal("81.8")


def test_import_needs_the_permission(fai, reporter):
    with pytest.raises(PermissionDenied):
        transfer.import_observations(actor=reporter, file=b"")


def test_command_line_import_and_export(fai, hq_user, tmp_path, capsys):
    path = tmp_path / "in.xlsx"
    path.write_bytes(_wide([["2023年6月"], ["地区", "固定资产投资"], [None, "累计"], ["抚顺", 81.8]]))
    call_command("indicators", "import", str(path), "--user", "hq")
    assert "新增1条" in capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    call_command("indicators", "export", "-o", str(out), "--layout", "wide", "--period", "2023-06")
    assert load_workbook(out).active["D4"].value is None  # 沈阳 first, no data
    with pytest.raises(SystemExit):
        call_command("indicators", "import", str(tmp_path / "missing.xlsx"), "--user", "hq")
