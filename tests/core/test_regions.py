import csv

import pytest

from luoshi.core.models import Region, RegionLevel
from luoshi.core.regions import DEFAULT_PATH, load_regions

# From data/regions.csv (china-division 2.7.0, cross-checked with the 民政部 list):
# 辽宁 1 province + 14 cities + 100 county-level units; 吉林 9, 黑龙江 13, 内蒙古 12 cities.
LIAONING_COUNTIES = 100
TOTAL = 4 + 14 + 9 + 13 + 12 + LIAONING_COUNTIES


def _in(province_prefix, level):
    return Region.objects.filter(code__startswith=province_prefix, level=level)


@pytest.fixture
def loaded(db):
    assert load_regions() == TOTAL
    return TOTAL


def test_file_shape():
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert header == ["code", "name", "level", "parent_code"]
    assert len(rows) == TOTAL
    codes = [row[0] for row in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert all(row[2] in RegionLevel.values for row in rows)
    # No 市辖区 placeholders and no NBS-only 开发区 (xxxx7x) statistical units.
    assert not any(row[1] == "市辖区" for row in rows)
    assert not any(row[2] == "county" and row[0][4] == "7" for row in rows)


@pytest.mark.django_db
def test_counts(loaded):
    assert Region.objects.count() == TOTAL
    assert _in("21", RegionLevel.PROVINCE).count() == 1
    assert _in("21", RegionLevel.CITY).count() == 14
    assert _in("21", RegionLevel.COUNTY).count() == LIAONING_COUNTIES
    for prefix, cities in (("22", 9), ("23", 13), ("15", 12)):
        assert _in(prefix, RegionLevel.PROVINCE).count() == 1
        assert _in(prefix, RegionLevel.CITY).count() == cities
        assert not _in(prefix, RegionLevel.COUNTY).exists()
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("210000", "辽宁省", RegionLevel.PROVINCE, None),
        ("220000", "吉林省", RegionLevel.PROVINCE, None),
        ("230000", "黑龙江省", RegionLevel.PROVINCE, None),
        ("150000", "内蒙古自治区", RegionLevel.PROVINCE, None),
        ("210100", "沈阳市", RegionLevel.CITY, "210000"),
        ("210400", "抚顺市", RegionLevel.CITY, "210000"),
        ("210500", "本溪市", RegionLevel.CITY, "210000"),
        ("210800", "营口市", RegionLevel.CITY, "210000"),
        ("211100", "盘锦市", RegionLevel.CITY, "210000"),
        ("220100", "长春市", RegionLevel.CITY, "220000"),
        ("222400", "延边朝鲜族自治州", RegionLevel.CITY, "220000"),
        ("232700", "大兴安岭地区", RegionLevel.CITY, "230000"),
        ("152500", "锡林郭勒盟", RegionLevel.CITY, "150000"),
        ("210115", "辽中区", RegionLevel.COUNTY, "210100"),
        ("210213", "金州区", RegionLevel.COUNTY, "210200"),
        ("210422", "新宾满族自治县", RegionLevel.COUNTY, "210400"),
        ("210423", "清原满族自治县", RegionLevel.COUNTY, "210400"),
        ("210521", "本溪满族自治县", RegionLevel.COUNTY, "210500"),
        ("210882", "大石桥市", RegionLevel.COUNTY, "210800"),
        ("211122", "盘山县", RegionLevel.COUNTY, "211100"),
    ],
)
def test_known_regions(loaded, code, name, level, parent):
    region = Region.objects.get(code=code)
    assert region.name == name
    assert region.level == level
    assert region.parent_id == parent


@pytest.mark.django_db
def test_every_parent_exists_and_is_one_level_up(loaded):
    parent_level = {RegionLevel.CITY: RegionLevel.PROVINCE, RegionLevel.COUNTY: RegionLevel.CITY}
    for region in Region.objects.select_related("parent"):
        if region.level == RegionLevel.PROVINCE:
            assert region.parent is None
            continue
        assert region.parent is not None, region.code
        assert region.parent.level == parent_level[region.level]
        assert region.code.startswith(region.parent.code_prefix)


@pytest.mark.django_db
def test_loading_twice_is_idempotent(loaded):
    def snapshot():
        return list(Region.objects.order_by("code").values_list("code", "name", "level", "parent"))

    first = snapshot()
    assert load_regions() == TOTAL
    assert snapshot() == first
    assert Region.objects.count() == TOTAL


@pytest.mark.django_db
def test_reload_repairs_changed_rows(loaded):
    Region.objects.filter(code="210800").update(name="旧名")
    load_regions()
    assert Region.objects.get(code="210800").name == "营口市"


@pytest.mark.django_db
def test_parent_may_come_from_database(loaded, tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("code,name,level,parent_code\n220102,南关区,county,220100\n", encoding="utf-8")
    assert load_regions(extra) == 1
    assert Region.objects.get(code="220102").parent_id == "220100"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "210000,辽宁省,province,\n210199,外区,county,210100\n",  # parent missing
        "210000,辽宁省,province,\n210100,沈阳市,city,210000\n210200,大连市,city,210100\n",  # parent level
        "210000,辽宁省,state,\n",  # unknown level
        "2108,营口市,city,210000\n",  # not six digits
        "210000,辽宁省,province,\n210000,辽宁省,province,\n",  # duplicate
    ],
)
def test_bad_files_are_rejected_whole(tmp_path, body):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,parent_code\n" + body, encoding="utf-8")
    for level in ("county", "city", "province"):  # the migration loaded the shipped file
        Region.objects.filter(level=level).delete()
    with pytest.raises(ValueError):
        load_regions(bad)
    assert not Region.objects.exists()
