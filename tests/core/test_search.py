"""luoshi.core.search: the bigram condition never drops what icontains finds, and the whole
condition finds exactly that (PostgreSQL; on SQLite the helpers are plain icontains)."""

import pytest
from django.db import connection, transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.core import search
from luoshi.core.search import _BigramsCover, contains_any_q, contains_q, uses_bigram_index
from luoshi.service.examples import enterprise_uscc
from luoshi.service.models import Enterprise

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="the bigram function and indexes are PostgreSQL's")

# Few letters, so that texts often contain one another: CJK, ASCII in both cases, LIKE's
# wildcards and escape, and letters whose case folds oddly outside ASCII.
ALPHABET = "用地融资aAbB%_\\ ßİKé"
texts = st.text(ALPHABET, max_size=8)


def test_sqlite_and_short_searches_keep_plain_icontains():
    assert not uses_bigram_index("地")
    assert contains_q("name", "地") == Q(name__icontains="地")
    if connection.vendor != "postgresql":
        assert contains_q("name", "用地") == Q(name__icontains="用地")
        assert contains_any_q(Enterprise, "用地", ["name", "region__name"]) == (
            Q(name__icontains="用地") | Q(region__name__icontains="用地"))


def test_a_field_must_be_a_column_or_one_foreign_key_away():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not look at the fields")
    with pytest.raises(ValueError):
        contains_any_q(Enterprise, "用地", ["region__parent__name"])


@postgres_only
@pytest.mark.django_db
def test_the_bigrams_of_a_text():
    with connection.cursor() as cursor:
        cursor.execute("SELECT luoshi_bigrams('建设用地用地'), luoshi_bigrams('a'), luoshi_bigrams(''),"
                       " luoshi_bigrams(NULL)")
        pairs, single, empty, null = cursor.fetchone()
    assert sorted(pairs) == sorted(["建设", "设用", "用地", "地用"])  # distinct
    assert (single, empty, null) == (["A"], [], None)


@postgres_only
@pytest.mark.django_db
@settings(max_examples=300, deadline=None)
@given(value=texts, text=texts.filter(lambda t: len(t) >= 2))
def test_the_bigram_condition_holds_whenever_icontains_does(value, text):
    """On the database's own upper() and LIKE, with the pattern escaped as Django does, for
    the searches that use it (two characters or more)."""
    pattern = "%" + connection.ops.prep_for_like_query(text) + "%"
    with connection.cursor() as cursor:
        cursor.execute("SELECT UPPER(%s::text) LIKE UPPER(%s::text),"
                       " luoshi_bigrams(%s::text) @> luoshi_bigrams(%s::text)",
                       [value, pattern, value, text])
        like, bigrams = cursor.fetchone()
    if like:
        assert bigrams


@postgres_only
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(texts.filter(bool), min_size=1, max_size=6), text=texts.filter(lambda t: len(t) >= 2))
def test_the_filters_find_exactly_what_icontains_finds(reference_data, names, text):
    with transaction.atomic():
        Enterprise.objects.bulk_create(
            Enterprise(name=name, uscc=enterprise_uscc("210411", serial), region_id="210411", size="small")
            for serial, name in enumerate(names, start=1))
        rows = Enterprise.objects.all()
        icontains = set(rows.filter(name__icontains=text).values_list("pk", flat=True))
        candidates = set(rows.filter(_BigramsCover("name", text)).values_list("pk", flat=True))
        assert icontains <= candidates  # the index condition never drops a row
        assert set(rows.filter(contains_q("name", text)).values_list("pk", flat=True)) == icontains
        either = icontains | set(rows.filter(region__name__icontains=text).values_list("pk", flat=True))
        for keys_max in (search.RELATED_KEYS_MAX, 0):  # the related keys listed, or scanned
            search.RELATED_KEYS_MAX, saved = keys_max, search.RELATED_KEYS_MAX
            try:
                found = rows.filter(contains_any_q(Enterprise, text, ["name", "region__name"]))
                assert set(found.values_list("pk", flat=True)) == either
            finally:
                search.RELATED_KEYS_MAX = saved
        transaction.set_rollback(True)
