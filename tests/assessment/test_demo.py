"""The Fushun demo assessment: Q1 and Q2 computed, movement shown, loading twice changes nothing."""

from luoshi.assessment.models import Adjustment, ManualValue, Result, Score
from luoshi.core.models import AuditEntry
from luoshi.demo.assessment import load_demo_assessment
from luoshi.demo.orgs import load_demo_orgs


def test_the_demo_ranks_fushun_in_two_quarters_and_loads_once(reference_data, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr("luoshi.demo.orgs.CITIES", {"210400": "抚顺市"})  # the assessment's city only
    load_demo_orgs()
    scheme = load_demo_assessment()
    q2 = list(Result.objects.filter(scheme=scheme, period="2023-Q2").select_related("category"))
    assert {r.category.name for r in q2} == {"市直部门", "县区及开发区"}
    assert len([r for r in q2 if r.category.name == "市直部门"]) == 12
    assert any(r.movement and r.movement > 0 for r in q2) and any(r.movement and r.movement < 0 for r in q2)
    assert Score.objects.filter(period="2023-Q2", basis="无数据").exists()  # no plan data in Fushun
    assert Adjustment.objects.get().reason.startswith("项目建设工作获省政府通报表扬")
    counts = [m.objects.count() for m in (Result, Score, ManualValue, Adjustment, AuditEntry)]
    totals = sorted(Result.objects.values_list("unit_id", "period", "total", "rank"))
    assert load_demo_assessment() == scheme
    assert [m.objects.count() for m in (Result, Score, ManualValue, Adjustment, AuditEntry)] == counts
    assert sorted(Result.objects.values_list("unit_id", "period", "total", "rank")) == totals
