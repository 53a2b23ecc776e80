"""The free-text search of the appeal list on PostgreSQL (luoshi.core.search): the function
``luoshi_bigrams`` and GIN indexes on the bigrams of an appeal's title and an enterprise's
name. SQLite keeps the plain LIKE, so there this migration does nothing."""

from django.db import migrations

BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION luoshi_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    -- The distinct two-character substrings of upper(value); a single character stands for
    -- itself. upper(), as Django's icontains folds case, so that a value containing a text
    -- has every bigram of the text; counted on the folded text, which a collation may make
    -- longer (ß → SS).
    SELECT CASE char_length(upper(value))
        WHEN 0 THEN '{}'::text[]
        WHEN 1 THEN ARRAY[upper(value)]
        ELSE ARRAY(SELECT DISTINCT substr(upper(value), i, 2)
                   FROM generate_series(1, char_length(upper(value)) - 1) AS i)
    END
$$
"""

INDEXES = {  # name: (table, column)
    "appeal_title_bigrams": ("service_appeal", "title"),
    "enterprise_name_bigrams": ("service_enterprise", "name"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BIGRAMS_FUNCTION)
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin (luoshi_bigrams({column}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS luoshi_bigrams(text)")


class Migration(migrations.Migration):

    dependencies = [
        ("service", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
