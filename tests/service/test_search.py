"""The appeal list's free-text search (title or enterprise name): on both databases it finds
exactly what icontains finds; on PostgreSQL the bigram indexes serve it."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Q

from luoshi.core import search
from luoshi.core.permissions import SYSTEM
from luoshi.service.models import Appeal, Enterprise
from luoshi.service.queries import AppealFilters, appeals_for_list, filter_appeals

from .conftest import make_enterprise, raised

TITLES = ["新厂房用地指标", "ERP系统上线补贴", "增值税率13%的疑问", "A_B项目审批", "电", "流动资金贷款"]


@pytest.fixture
def searchable(enterprises, hq_user):
    """Appeals of Fushun with titles that test case, LIKE's wildcards and one character;
    one of a second enterprise whose name (not title) holds 化工."""
    chem = make_enterprise("抚顺Sino化工有限公司", "210404", 9)
    appeals = {title: raised(hq_user, enterprises["a"], title=title, on=dt.date(2023, 6, 1))
               for title in TITLES}
    appeals["chem"] = raised(hq_user, chem, title="用电增容", on=dt.date(2023, 6, 2))
    return appeals


def _found(user, text):
    return {a.title for a in appeals_for_list(user, AppealFilters(search=text))}


def _icontains(text):
    return set(Appeal.objects.filter(Q(title__icontains=text) | Q(enterprise__name__icontains=text))
               .values_list("title", flat=True))


@pytest.mark.parametrize("text,expected", [
    ("用地", {"新厂房用地指标"}),
    ("地", {"新厂房用地指标"}),  # one character: no bigram, plain icontains
    ("电", {"电", "用电增容"}),  # a one-character title
    ("erp", {"ERP系统上线补贴"}),  # mixed ASCII case
    ("Erp系统", {"ERP系统上线补贴"}),
    ("13%", {"增值税率13%的疑问"}),  # % is a literal, not LIKE's wildcard
    ("%", {"增值税率13%的疑问"}),
    ("a_b", {"A_B项目审批"}),  # _ is a literal too
    ("_", {"A_B项目审批"}),
    ("AxB", set()),
    ("化工", {"用电增容"}),  # only the enterprise's name holds it
    ("sino化", {"用电增容"}),
    ("石化机械", set(TITLES)),  # enterprise a's name: all its appeals
    ("资金贷款", {"流动资金贷款"}),  # no enterprise matches: the empty key list finds nothing
    ("款资", set()),  # its bigram 款资 is in no title
    ("用地指标审批", set()),  # every bigram in some title, the text in none
])
def test_the_search_finds_what_icontains_finds(searchable, hq_user, text, expected):
    assert _found(hq_user, text) == expected
    assert _found(hq_user, text) == _icontains(text) & _found(hq_user, "")


def test_the_search_keeps_the_readers_scope_and_other_filters(searchable, enterprises, hq_user):
    raised(SYSTEM, enterprises["yk"], title="营口用地指标")  # outside Fushun HQ's region
    assert _found(hq_user, "用地") == {"新厂房用地指标"}
    rows = filter_appeals(Appeal.objects.all(), AppealFilters(search="用地", category="policy"))
    assert not rows.exists()


def test_the_pager_counts_the_search(client, searchable, hq_user):
    client.force_login(hq_user)
    page = client.get("/appeals/", {"q": "用地"}).content.decode()
    assert "新厂房用地指标" in page and "流动资金贷款" not in page


@pytest.mark.parametrize("text", ["用地", "石化机械", "化工", "%"])
def test_a_text_in_many_enterprise_names_scans_and_finds_the_same(searchable, hq_user, monkeypatch, text):
    """More matching enterprises than fit in a key list (有限公司 in every name): the scope's
    appeals are scanned instead, with the same answer."""
    expected = _found(hq_user, text)
    monkeypatch.setattr(search, "RELATED_KEYS_MAX", 0)
    assert _found(hq_user, text) == expected == _icontains(text) & _found(hq_user, "")


def _plan(cursor, rows) -> str:
    sql, params = rows.query.sql_with_params()
    cursor.execute(f"EXPLAIN {sql}", params)
    return "\n".join(line for (line,) in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram indexes are PostgreSQL's")
def test_postgresql_can_serve_the_search_from_the_bigram_indexes(searchable):
    """The queries spell the indexes' expressions: with sequential scans priced out (the
    tables here are tiny), the planner reaches the enterprises and the appeals (list and
    count alike) through them."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        enterprises = Enterprise.objects.filter(search.contains_q("name", "石化机械")).order_by().values("pk")
        assert "Bitmap Index Scan on enterprise_name_bigrams" in _plan(cursor, enterprises)
        rows = filter_appeals(Appeal.objects.order_by(), AppealFilters(search="用地"))
        assert "Bitmap Index Scan on appeal_title_bigrams" in _plan(cursor, rows)
        assert "Bitmap Index Scan on appeal_title_bigrams" in _plan(cursor, rows.values("pk"))
        rows = filter_appeals(Appeal.objects.order_by(), AppealFilters(search="石化机械"))
        plan = _plan(cursor, rows)  # the enterprise's appeals by its key, in the same BitmapOr
        assert "BitmapOr" in plan and "appeal_title_bigrams" in plan and "enterprise_id" in plan


@pytest.mark.parametrize("text,expected", [
    ("sino化工", {"抚顺Sino化工有限公司"}),  # bigrams and mixed case
    ("化", {"抚顺Sino化工有限公司"}),  # one character: plain icontains
    ("工有", {"抚顺Sino化工有限公司"}),
    ("化学", set()),
])
def test_the_enterprise_list_searches_names_the_same_way(searchable, hq_user, text, expected):
    from luoshi.service.queries import enterprises_for_list

    found = {e.name for e in enterprises_for_list(hq_user, search=text)}
    assert found & {"抚顺Sino化工有限公司"} == expected
    assert found == {e.name for e in enterprises_for_list(hq_user) if text.upper() in e.name.upper()}


def test_the_assignment_list_searches_enterprise_names_the_same_way(searchable, enterprises, hq_user, cadre):
    from luoshi.service import services
    from luoshi.service.queries import assignments_for_list

    for enterprise in Enterprise.objects.filter(region__code__startswith="2104"):
        services.assign_cadre(actor=hq_user, enterprise=enterprise, data=services.AssignmentData(
            official_id=cadre.pk, start_date=dt.date(2023, 3, 1)))
    every = list(assignments_for_list(hq_user))
    assert len(every) >= 3
    for text in ("sino化工", "化", "石化机械", "化学"):
        found = {a.pk for a in assignments_for_list(hq_user, search=text)}
        assert found == {a.pk for a in every if text.upper() in a.enterprise.name.upper()}
    assert len(assignments_for_list(hq_user, search="sino化工")) == 1
