"""Maintaining regions (system administrator) and linking users to officials."""

import pytest
from django.urls import reverse

from luoshi.core.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.core.models import AuditEntry, Region
from luoshi.orgs import services
from luoshi.orgs.models import User


def test_sysadmin_adds_a_county_and_it_is_audited(sysadmin):
    region = services.save_region(actor=sysadmin, data=services.RegionData(
        "210424", "试验县", "county", "210400"))
    assert region.parent_id == "210400"
    entry = AuditEntry.objects.get(object_type="core.region", object_id="210424")
    assert entry.after["name"] == "试验县" and entry.actor_id == sysadmin.pk


@pytest.mark.parametrize("data,message", [
    (("2104", "短码", "county", "210400"), "6位数字"),
    (("220199", "跨省", "county", "210400"), "不在上级区划"),
    (("210425", "无上级", "county", "999900"), "不存在"),
    (("210000", "重复", "province", ""), "已存在"),
])
def test_bad_regions_are_refused_with_a_reason(sysadmin, data, message):
    with pytest.raises((InvalidInput, Conflict), match=message):
        services.save_region(actor=sysadmin, data=services.RegionData(*data))


def test_region_code_cannot_change_and_hq_cannot_edit_regions(sysadmin, hq_user):
    fushun = Region.objects.get(pk="210400")
    with pytest.raises(InvalidInput):
        services.save_region(actor=sysadmin, region=fushun,
                             data=services.RegionData("210401", "抚顺市", "city", "210000"))
    with pytest.raises(PermissionDenied):
        services.save_region(actor=hq_user, region=fushun,
                             data=services.RegionData("210400", "抚顺", "city", "210000"))


def test_sysadmin_links_a_user_to_an_official_by_name(client, org, sysadmin, hq_user, reporter):
    services.create_official(actor=hq_user, data=services.OfficialData("王建国", "主任", "FS-FGW"))
    client.force_login(sysadmin)
    form = {"username": "reporter", "full_name": "王建国", "unit_code": "FS-FGW",
            "official_name": "王建国", "email": "", "is_active": "on"}
    response = client.post(reverse("user_edit", args=[reporter.pk]), form)
    assert response.status_code == 302
    assert User.objects.get(pk=reporter.pk).official.post == "主任"
    response = client.post(reverse("user_edit", args=[reporter.pk]), {**form, "official_name": "查无此人"})
    assert "没有名为“查无此人”的领导干部" in response.content.decode()
