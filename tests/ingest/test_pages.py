"""The ingest pages: keeping a text, reviewing its facts, accepting and rejecting through
htmx; who may see them; pinned query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.indicators.models import Observation
from luoshi.ingest import services
from luoshi.ingest.models import FactDecision, SourceText

from .conftest import seed_002_text

HX = {"HTTP_HX_REQUEST": "true"}


def test_hq_pastes_a_text_and_sees_its_facts_highlighted(client, hq_user):
    client.force_login(hq_user)
    response = client.post(reverse("ingest"), {"title": "", "text": seed_002_text()})
    source = SourceText.objects.get()
    assert response["Location"] == reverse("ingest_review", args=[source.pk])
    page = client.get(response["Location"]).content.decode()
    assert page.count('class="fact-mark fact-open"') == 14
    assert "固定资产投资增速" in page and ">22.3%</a>" in page


def test_hq_uploads_a_file(client, hq_user):
    client.force_login(hq_user)
    upload = SimpleUploadedFile("brief.txt", "旅游总收入增长39.4%。".encode("gb18030"))
    client.post(reverse("ingest"), {"title": "简报", "text": "", "file": upload})
    source = SourceText.objects.get()
    assert (source.title, source.file_name, source.fact_count) == ("简报", "brief.txt", 1)


def test_a_binary_upload_gets_a_clear_error_and_nothing_is_kept(client, hq_user):
    client.force_login(hq_user)
    upload = SimpleUploadedFile("x.txt", b"\x89PNG\x00\x00")
    response = client.post(reverse("ingest"), {"title": "留着的标题", "file": upload})
    page = response.content.decode()
    assert "不是文本文件" in page and "留着的标题" in page
    assert not SourceText.objects.exists()


def test_accept_through_htmx_answers_the_card_and_the_highlight(client, hq_user, seed_source,
                                                                 fushun_indicators):
    client.force_login(hq_user)
    start = seed_source.text.index("92.1%")
    url = reverse("ingest_fact_accept", args=[seed_source.pk, start, start + 5])
    response = client.post(url, {"indicator": fushun_indicators["inflow"].pk, "region": "210400",
                                 "period": "2023-H1", "value_kind": "yoy"}, **HX)
    page = response.content.decode()
    assert 'class="fact-card fact-accepted"' in page
    assert 'hx-swap-oob="true"' in page and "fact-mark fact-accepted" in page
    assert Observation.objects.get().yoy_reported == Decimal("92.1")


def test_a_refused_acceptance_keeps_what_was_chosen(client, hq_user, seed_source, fushun_indicators):
    client.force_login(hq_user)
    start = seed_source.text.index("12次")
    url = reverse("ingest_fact_accept", args=[seed_source.pk, start, start + 3])
    response = client.post(url, {"indicator": fushun_indicators["fai"].pk, "region": "210400",
                                 "period": "2023年6月", "value_kind": "value"}, **HX)
    page = response.content.decode()
    assert 'role="alert"' in page and "单位" in page
    assert 'value="2023年6月"' in page
    assert not Observation.objects.exists()


def test_reject_through_htmx(client, hq_user, seed_source):
    client.force_login(hq_user)
    start = seed_source.text.index("40%")
    response = client.post(reverse("ingest_fact_reject", args=[seed_source.pk, start, start + 3]), **HX)
    assert 'class="fact-card fact-rejected"' in response.content.decode()
    assert FactDecision.objects.get().status == "rejected"


@pytest.mark.parametrize("who", ["reporter", "city_leader"])
def test_others_may_not_use_the_pages(client, request, seed_source, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("ingest")).status_code == 403
    assert client.get(reverse("ingest_review", args=[seed_source.pk])).status_code == 403
    start = seed_source.text.index("40%")
    assert client.post(reverse("ingest_fact_reject", args=[seed_source.pk, start, start + 3])).status_code == 403


def test_list_page_query_count_does_not_grow(client, hq_user, django_assert_num_queries):
    for i in range(60):
        services.create_source(actor=hq_user, text=f"第{i}份：增长{i}%。", title=f"文本{i}")
    client.force_login(hq_user)
    with django_assert_num_queries(9):
        response = client.get(reverse("ingest"), {"page": 2})
    assert response.status_code == 200 and "文本9" in response.content.decode()


def test_review_page_query_count_does_not_grow(client, hq_user, seed_source, fushun_indicators,
                                               django_assert_num_queries):
    for figure in ("40%", "12次", "20个"):
        start = seed_source.text.index(figure)
        services.reject_fact(actor=hq_user, source=seed_source, start=start, end=start + len(figure))
    client.force_login(hq_user)
    with django_assert_num_queries(11):
        response = client.get(reverse("ingest_review", args=[seed_source.pk]))
    assert response.content.decode().count("fact-mark fact-rejected") == 3
