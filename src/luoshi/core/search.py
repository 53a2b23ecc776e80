"""Free-text search in lists ("the title contains 用地"), fast on PostgreSQL without extensions.

``Q(title__icontains=text)`` is ``UPPER(title) LIKE '%TEXT%'``: no B-tree index serves it, so
every search reads every row in the reader's scope. pg_trgm does not help: trigrams need
three characters while Chinese searches mostly have two (用地, 融资), and under the C
locale our clusters use it drops CJK characters altogether. So on PostgreSQL a column
searched this way gets a GIN index on ``luoshi_bigrams(column)``, the distinct two-character
substrings of ``upper(column)`` (the idea of the pg_bigm extension), and a search of two
characters or more becomes

    luoshi_bigrams(column) @> luoshi_bigrams('text')   -- the index finds the candidates
    AND UPPER(column) LIKE UPPER('%text%')               -- exactly icontains, % and _ escaped

Both sides fold case with the database's own ``upper()``, as icontains does, so if a value
contains the text then its bigrams contain the text's bigrams: the index condition never
drops a row icontains finds, and the LIKE keeps the answer exact. A one-character search (no
bigram to look up) and SQLite keep the plain icontains.

The SQL function is created by the migration ``service.0002_bigram_search``; a later list
indexes its own column with ``CREATE INDEX … USING gin (luoshi_bigrams(column))`` in a
PostgreSQL-only migration that depends on it. The query must spell the expression as the
index does, ``luoshi_bigrams(<column>)`` on the bare column, which ``contains_q`` does.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import BooleanField, F, Func, Model, Q, Value
from django.db.models.fields.related import ForeignKey

BIGRAMS_FUNCTION = "luoshi_bigrams"
# A search across a foreign key first looks up the matching related rows (through their
# own bigram index). Up to this many, their keys go into the query as a list the key's index
# serves; beyond, the text is too common for indexes to help (e.g. 有限公司 in every
# enterprise's name) and the reader's rows are scanned.
RELATED_KEYS_MAX = 500


def uses_bigram_index(text: str) -> bool:
    """Whether a search for ``text`` goes through the bigram indexes: on PostgreSQL, for two
    characters or more."""
    return connection.vendor == "postgresql" and len(text) >= 2


class _BigramsCover(Func):
    """``luoshi_bigrams(column) @> luoshi_bigrams(text)``: the indexable half of a search."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, text: str):
        super().__init__(F(column), Value(text))

    def as_sql(self, compiler, connection, **extra_context):
        (column_sql, column_params), (text_sql, text_params) = (
            compiler.compile(e) for e in self.get_source_expressions())
        sql = f"{BIGRAMS_FUNCTION}({column_sql}) @> {BIGRAMS_FUNCTION}(({text_sql})::text)"
        return sql, (*column_params, *text_params)


def contains_q(field: str, text: str) -> Q:
    """Rows whose column ``field`` contains ``text``, ignoring case: exactly what
    ``Q(field__icontains=text)`` finds, through the bigram index where there is one."""
    exact = Q(**{f"{field}__icontains": text})
    if not uses_bigram_index(text):
        return exact
    return Q(_BigramsCover(field, text)) & exact


def contains_any_q(model: type[Model], text: str, fields: Sequence[str]) -> Q:
    """Rows of ``model`` where any of ``fields`` contains ``text``, ignoring case: what the
    OR of ``Q(field__icontains=text)`` finds. A field may be a column of ``model`` or, across
    one foreign key, a column of the related row (``"enterprise__name"``), whose table then
    needs its own bigram index. On PostgreSQL, a related field costs one query here, when
    the condition is built.

    On PostgreSQL the condition is (index conditions OR'ed) AND (exact conditions OR'ed).
    That equals the OR of (index AND exact) per field, because each exact condition implies
    its index condition; and it lets the planner answer the first part with a BitmapOr of
    the indexes and check only the second on the rows found."""
    if not uses_bigram_index(text):
        return _or(Q(**{f"{field}__icontains": text}) for field in fields)
    index_parts, exact_parts = [], []
    for field in fields:
        column, _, related_column = field.partition("__")
        if not related_column:
            index_parts.append(Q(_BigramsCover(column, text)))
            exact_parts.append(Q(**{f"{column}__icontains": text}))
            continue
        foreign_key = model._meta.get_field(column)
        if not isinstance(foreign_key, ForeignKey) or "__" in related_column:
            raise ValueError(f"{field}: only a column or a column across one foreign key")
        related = foreign_key.related_model._default_manager.filter(contains_q(related_column, text))
        keys = list(related.order_by().values_list(foreign_key.target_field.attname, flat=True)
                    [:RELATED_KEYS_MAX + 1])
        if len(keys) > RELATED_KEYS_MAX:
            return _scan_q(model, text, fields)
        # An empty list drops out of the ORs: then only the other fields are searched.
        index_parts.append(Q(**{f"{foreign_key.attname}__in": keys}))
        exact_parts.append(Q(**{f"{foreign_key.attname}__in": keys}))
    return _or(index_parts) & _or(exact_parts)


def _scan_q(model: type[Model], text: str, fields: Sequence[str]) -> Q:
    """The OR of icontains, a related field as ``key IN (matching related keys)``: checked
    row by row (a hashed lookup), without joining the related table to every row."""
    parts = []
    for field in fields:
        column, _, related_column = field.partition("__")
        if related_column:
            foreign_key = model._meta.get_field(column)
            related = foreign_key.related_model._default_manager.filter(
                **{f"{related_column}__icontains": text})
            parts.append(Q(**{f"{foreign_key.attname}__in": related.order_by().values(
                foreign_key.target_field.attname)}))
        else:
            parts.append(Q(**{f"{column}__icontains": text}))
    return _or(parts)


def _or(parts: Iterable[Q]) -> Q:
    return functools.reduce(operator.or_, parts)
