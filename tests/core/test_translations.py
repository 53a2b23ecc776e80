"""The English catalogue is complete, free of fuzzy entries, and its compiled .mo is current.

Maintainers regenerate both files with scripts/update-translations.sh.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _unquote(lines: list[str]) -> str:
    # A .po string is a C-style quoted literal; Python's literal syntax reads it the same way.
    return "".join(ast.literal_eval(line[line.index('"'):]) for line in lines)


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (list of forms), flags."""
    entries = []
    for block in text.strip().split("\n\n"):
        fields: dict[str, list[str]] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current].append(line)
            else:
                current = line.split(" ", 1)[0]
                fields[current] = [line]
        if "msgid" not in fields:
            continue
        forms = sorted(k for k in fields if k.startswith("msgstr"))
        entries.append({
            "msgid": _unquote(fields["msgid"]),
            "msgid_plural": _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None,
            "msgstr": [_unquote(fields[k]) for k in forms],
            "flags": flags,
        })
    return entries


@pytest.fixture(scope="module")
def po_text():
    return PO_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries(po_text):
    parsed = parse_po(po_text)
    assert parsed and parsed[0]["msgid"] == "", "the .po should start with its header"
    return parsed[1:]


def test_catalogue_files_exist():
    assert PO_PATH.is_file()
    assert MO_PATH.is_file(), "run scripts/update-translations.sh to compile django.mo"


@pytest.mark.parametrize(("msgid", "english"), [
    ("单位", "Units"),
    ("领导干部", "Officials"),
    ("审计日志", "Audit log"),
    ("导出 Excel", "Export to Excel"),
    ("登录", "Log in"),
    ("行政区划", "Regions"),
    ("数据范围", "Data scope"),
    ("行动方案落实平台", "Action plan delivery platform"),
])
def test_sample_strings_are_english(msgid, english):
    with translation.override("en"):
        assert translation.gettext(msgid) == english
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == msgid


def test_plural_forms_and_placeholders_render_in_english():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}共 {{ counter }} 条"
        "{% plural %}共 {{ counter }} 条{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "1 record"
        assert template.render(Context({"n": 3})) == "3 records"
        assert translation.gettext("您好，%(name)s") % {"name": "Li"} == "Hello, Li"


def test_no_fuzzy_flags(po_text, entries):
    assert "#, fuzzy" not in po_text
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_every_entry_is_translated(entries):
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"])]
    assert untranslated == []


def test_plural_entries_have_both_english_forms(entries):
    plurals = [e for e in entries if e["msgid_plural"] is not None]
    assert plurals
    for entry in plurals:
        assert len(entry["msgstr"]) == 2, entry["msgid"]


def test_placeholders_are_kept(entries):
    for entry in entries:
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for form in entry["msgstr"]:
            assert sorted(PLACEHOLDER.findall(form)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_po(entries):
    """Every .po entry translates to its msgstr through gettext, so a stale .mo fails here."""
    stale = []
    with translation.override("en"):
        for entry in entries:
            if entry["msgid_plural"] is None:
                got = [translation.gettext(entry["msgid"])]
            else:
                got = [translation.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            if got != entry["msgstr"]:
                stale.append((entry["msgid"], got, entry["msgstr"]))
    assert stale == [], "django.mo is out of date: run scripts/update-translations.sh"
