"""Pages: lists with search and paging, details, forms, and pinned query counts."""

import pytest
from django.urls import reverse

from luoshi.orgs.models import Official, Unit


def test_reporter_sees_only_its_unit_on_the_units_page(client, org, reporter):
    client.force_login(reporter)
    page = client.get(reverse("units")).content.decode()
    assert "抚顺市发改委" in page and "抚顺市工信局" not in page


def test_reporter_gets_404_for_another_units_page(client, org, reporter):
    client.force_login(reporter)
    response = client.get(reverse("unit_detail", args=[org["gxj"].pk]))
    assert response.status_code == 404
    assert "不在您的数据范围内" in response.content.decode()


def test_reporter_cannot_open_the_edit_form(client, org, reporter):
    client.force_login(reporter)
    response = client.get(reverse("unit_edit", args=[org["fgw"].pk]))
    assert response.status_code == 403


def test_hq_creates_a_unit_through_the_form(client, org, hq_user):
    client.force_login(hq_user)
    response = client.post(reverse("unit_new"), {
        "code": "FS-TJJ", "name": "抚顺市统计局", "kind": "gov_dept", "region_code": "210400",
        "parent_code": "FS-LDXZ", "sort_order": 5, "is_active": "on"})
    assert response.status_code == 302
    assert Unit.objects.get(code="FS-TJJ").parent == org["root"]


def test_a_form_error_keeps_the_input_and_names_the_problem(client, org, hq_user):
    client.force_login(hq_user)
    response = client.post(reverse("unit_new"), {
        "code": "FS-TJJ", "name": "抚顺市统计局", "kind": "gov_dept", "region_code": "210400",
        "parent_code": "NOPE", "sort_order": 0})
    page = response.content.decode()
    assert response.status_code == 200
    assert "上级单位编码“NOPE”不存在" in page and 'value="抚顺市统计局"' in page
    assert not Unit.objects.filter(code="FS-TJJ").exists()


def test_search_by_htmx_returns_only_the_table(client, org, hq_user):
    client.force_login(hq_user)
    response = client.get(reverse("units"), {"q": "工信"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "抚顺市工信局" in page and "抚顺市发改委" not in page


def test_english_is_switchable(client, org, hq_user):
    client.force_login(hq_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/units/"})
    page = client.get(reverse("units")).content.decode()
    assert "Units" in page and 'lang="en"' in page


def test_audit_log_page_is_for_the_audit_admin_only(client, sysadmin, auditadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("audit_log")).status_code == 403
    client.force_login(auditadmin)
    assert client.get(reverse("audit_log"), {"q": "FS-FGW"}).status_code == 200


def _grow(org, n):
    root = org["root"]
    for i in range(n):
        unit = Unit.objects.create(code=f"FS-X{i}", name=f"单位{i}", kind="other", region_id="210400",
                                   parent=root, path=f"{root.path}9{i}/", depth=1)
        Official.objects.create(name=f"干部{i}", post="主任", unit=unit)


# Fixed cost of every signed-in page: session read, user, roles, own unit, session write (3).
LIST_PAGES = [("units", 9), ("officials", 9), ("regions", 9), ("users", 11), ("audit_log", 9)]


@pytest.mark.parametrize("grow", [1, 40])
@pytest.mark.parametrize("name,queries", LIST_PAGES)
def test_list_pages_have_a_fixed_number_of_queries(client, org, hq_user, sysadmin, auditadmin, grow,
                                                   name, queries, django_assert_num_queries):
    _grow(org, grow)
    user = {"users": sysadmin, "audit_log": auditadmin}.get(name, hq_user)
    client.force_login(user)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
