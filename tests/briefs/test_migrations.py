"""Reworded default templates reach databases where HQ never edited them, and only those."""

import importlib

from django.apps import apps

from luoshi.briefs.defaults import DEFAULT_TEMPLATES
from luoshi.briefs.models import SectionTemplate

reworded = importlib.import_module("luoshi.briefs.migrations.0005_reworded_default_templates")


def test_an_unedited_earlier_default_takes_the_new_wording_and_an_edited_one_stays(db):
    current = {spec["code"]: spec["text"] for spec in DEFAULT_TEMPLATES}
    SectionTemplate.objects.filter(code="delivery").update(text=reworded.PREVIOUS_DEFAULTS["delivery"][0])
    SectionTemplate.objects.filter(code="attraction").update(text="{{ region }}招商引资情况（已修改）。")
    reworded.update(apps, None)
    assert SectionTemplate.objects.get(code="delivery").text == current["delivery"]
    assert SectionTemplate.objects.get(code="attraction").text == "{{ region }}招商引资情况（已修改）。"
    assert "slice" not in reworded.PREVIOUS_DEFAULTS["delivery"][0]  # the old one named every unit
