"""Bulk reads and writes of observation rows for ``services.apply_entries``.

An import touches a hundred thousand observations and re-derives the series around them;
Django model instances and ``bulk_create`` cost several times the work itself there. Rows
are read as tuples into :class:`Row` and written back with ``INSERT … ON CONFLICT DO UPDATE``
statements of 500 rows each (SQLite and PostgreSQL alike), which change exactly the rows
given and nothing else.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from luoshi.indicators.models import Observation

# The figures and bookkeeping an upsert writes; key fields come first in the INSERT.
KEY = ("indicator_id", "region_id", "year", "month")
STATE = ("value", "value_derived", "cumulative", "cumulative_derived", "yoy_reported",
         "yoy_comparable", "yoy_computed", "source_name", "source_text", "source_start",
         "source_end", "entered_by_id", "flag_count")


# Rows per INSERT: 500 × 18 parameters stays under SQLite's and PostgreSQL's limits.
ROWS_PER_STATEMENT = 500
DECIMALS = {"value": (20, 4), "cumulative": (20, 4), "yoy_reported": (12, 4),
            "yoy_computed": (12, 4)}


class Row:
    """One observation's key and state, as plain attributes."""

    __slots__ = ("pk", *KEY, *STATE)

    def __init__(self, pk=None, *values, **named):
        self.pk = pk
        for name, value in zip((*KEY, *STATE), values, strict=False):
            setattr(self, name, value)
        defaults = {"value_derived": False, "cumulative_derived": False,
                    "yoy_comparable": False, "source_name": "", "source_text": "",
                    "flag_count": 0}
        for name in (*KEY, *STATE):
            if not hasattr(self, name):
                setattr(self, name, named.get(name, defaults.get(name)))

    @property
    def key(self) -> tuple:
        return (self.indicator_id, self.region_id, self.year, self.month)

    def state(self) -> tuple:
        return tuple(getattr(self, name) for name in STATE)


def load_rows(indicator_ids: list[int], region_ids: list[str], first: int, last: int) -> dict:
    """The observations of the given series in years first..last, by key."""
    rows = Observation.objects.filter(indicator_id__in=indicator_ids, region_id__in=region_ids,
                                      year__gte=first, year__lte=last)
    found = {}
    for values in rows.values_list("pk", *KEY, *STATE).iterator(chunk_size=10_000):
        row = Row(*values)
        found[row.key] = row
    return found


def _column(name: str) -> str:
    return Observation._meta.get_field(name.removesuffix("_id") if name.endswith("_by_id")
                                       else name).column


def upsert_rows(rows: list[Row]) -> None:
    """Insert new rows and update existing ones by key."""
    if not rows:
        return
    table = connection.ops.quote_name(Observation._meta.db_table)
    names = [*KEY, *STATE, "updated_at"]
    columns = [connection.ops.quote_name(_column(n) if n != "updated_at" else n) for n in names]
    keys = ", ".join(columns[: len(KEY)])
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[len(KEY):])
    if connection.vendor == "postgresql":
        _upsert_by_copy(rows, columns, keys, updates)
        return
    one_row = f"({', '.join(['%s'] * len(columns))})"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    tail = f" ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    decimal = connection.ops.adapt_decimalfield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            batch = rows[start:start + ROWS_PER_STATEMENT]
            params = []
            for row in batch:
                for name in (*KEY, *STATE):
                    value = getattr(row, name)
                    if name in DECIMALS:
                        value = decimal(value, *DECIMALS[name])
                    params.append(value)
                params.append(now)
            # Several rows per statement: one round trip per batch, not per row.
            cursor.execute(head + ", ".join([one_row] * len(batch)) + tail, params)


def _upsert_by_copy(rows: list[Row], columns: list[str], keys: str, updates: str) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … SELECT … ON
    CONFLICT. Binding 100,000 rows × 18 parameters client-side costs more than the import."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    listed = ", ".join(columns)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE luoshi_obs_upsert AS SELECT {listed} "
                       f"FROM {table} WITH NO DATA")
        try:
            with cursor.cursor.copy(f"COPY luoshi_obs_upsert ({listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([*(getattr(row, name) for name in (*KEY, *STATE)), now])
            cursor.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM "
                           f"luoshi_obs_upsert ON CONFLICT ({keys}) DO UPDATE SET {updates}")
        finally:
            cursor.execute("DROP TABLE luoshi_obs_upsert")


def fill_ids(rows: dict, keys: set[tuple]) -> None:
    """Give the rows of ``keys`` that were just inserted their ids (one query per series
    group, only when flags need them)."""
    missing = [rows[k] for k in keys if rows[k].pk is None]
    if not missing:
        return
    indicator_ids = sorted({r.indicator_id for r in missing})
    region_ids = sorted({r.region_id for r in missing})
    years = sorted({r.year for r in missing})
    found = dict(((i, r, y, m), pk) for pk, i, r, y, m in Observation.objects.filter(
        indicator_id__in=indicator_ids, region_id__in=region_ids, year__in=years)
        .values_list("pk", *KEY))
    for row in missing:
        row.pk = found[row.key]
