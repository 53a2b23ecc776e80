#!/usr/bin/env bash
# Refresh the English catalogue after Chinese UI strings change:
#   1. makemessages: collect every msgid from templates and Python into
#      src/luoshi/locale/en/LC_MESSAGES/django.po (existing translations are kept,
#      vanished strings dropped, near-matches of changed strings flagged `#, fuzzy`);
#   2. compilemessages: build django.mo from it (django.mo is committed, since CI and
#      deployment machines may lack gettext);
#   3. report entries still untranslated or fuzzy.
# Then translate those in django.po, remove each `#, fuzzy` line once checked, run this
# script again, and commit both django.po and django.mo; tests/core/test_translations.py
# fails while any entry is empty or fuzzy or django.mo is stale.
#
# Needs GNU gettext (xgettext, msgmerge, msgfmt): apt-get install gettext.
# Environment:
#   LUOSHI=path/to/luoshi   the manage.py entry point (default: .venv/bin/luoshi)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
luoshi="${LUOSHI:-$repo/.venv/bin/luoshi}"
case "$luoshi" in /*) ;; *) luoshi="$(pwd)/$luoshi" ;; esac

for tool in xgettext msgmerge msgfmt; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install gettext" >&2; exit 1; }
done

cd "$repo/src/luoshi"
"$luoshi" makemessages -l en --no-obsolete --ignore "static/*"
"$luoshi" compilemessages -l en

po=locale/en/LC_MESSAGES/django.po
echo "$po:"
msgfmt --check --statistics -o /dev/null "$po"
