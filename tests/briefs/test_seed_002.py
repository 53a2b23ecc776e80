"""The generated Fushun 2023 上半年 review says what seed 002 says, from the demo data, and
each figure leads to the rows it came from."""

import pytest

from luoshi.briefs import services
from luoshi.core.permissions import SYSTEM
from luoshi.demo.indicators import load_demo_indicators
from luoshi.demo.orgs import load_demo_orgs
from luoshi.demo.projects import load_demo_projects
from luoshi.indicators.models import Observation
from luoshi.projects.models import Project

pytestmark = pytest.mark.django_db

# (the words in seed 002, the figure's key in the brief, the model its rows are in)
SEED_002 = [
    ("固定资产投资增长22.3%", "indicators.FAI.growth", "indicators.Observation"),
    ("域外引资到位额增长92.1%", "indicators.FDI_ARRIVED.growth", "indicators.Observation"),
    ("旅游总收入增长39.4%", "indicators.TOURISM.growth", "indicators.Observation"),
    ("固定资产投资完成81.8亿元", "indicators.FAI.amount", "indicators.Observation"),
    ("20个项目列入", "projects.list_count", "projects.Project"),
    ("项目数居全省第三位", "projects.list_rank", "projects.ProjectList"),
]


def test_fushun_half_year_review_reproduces_seed_002(reference_data):
    load_demo_orgs()
    load_demo_indicators()
    load_demo_projects()
    brief = services.generate_brief(actor=SYSTEM, request=services.BriefRequest(
        region_code="210400", period="2023-06", kind="review"))
    text = "\n".join(s.body for s in brief.sections.all())
    figures = {f["key"]: f for s in brief.sections.all() for f in s.figures}
    for words, key, model in SEED_002:
        assert words in text, words
        assert figures[key]["text"] in words
        source = figures[key]["sources"][0]
        assert source["model"] == model and source["ids"], key
    fai = Observation.objects.get(pk=figures["indicators.FAI.growth"]["sources"][0]["ids"][0])
    assert (fai.region_id, fai.year, fai.month, fai.indicator.code) == ("210400", 2023, 6, "FAI")
    listed = figures["projects.list_count"]["sources"][0]["ids"]
    assert Project.objects.filter(pk__in=listed, region__code__startswith="2104").count() == 20
    assert "仅次于沈阳市和大连市" in text
