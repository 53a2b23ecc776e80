"""`luoshi briefs generate`."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from luoshi.progress.status import recompute_plan

pytestmark = pytest.mark.django_db


def test_generates_a_word_file(plan_tree, tmp_path):
    recompute_plan(plan_tree["plan"], "2023-06", as_of=dt.date(2023, 7, 10))
    out = io.StringIO()
    target = tmp_path / "review.docx"
    call_command("briefs", "generate", "--region", "210400", "--period", "2023-06",
                 "-o", str(target), stdout=out)
    assert "已生成 2023年第1期" in out.getvalue()
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert "抚顺市2023年上半年" in text


def test_html_by_option(plan_tree, tmp_path):
    target = tmp_path / "review.out"
    call_command("briefs", "generate", "--region", "210400", "--period", "2023-06",
                 "--kind", "简报", "--format", "html", "-o", str(target), stdout=io.StringIO())
    assert "全面振兴新突破工作简报" in target.read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "999999", "--period", "2023-06", "-o", "x.docx"], "999999"),
    (["--region", "210400", "--period", "2023-06", "--kind", "周报", "-o", "x.docx"], "周报"),
    (["--region", "210400", "--period", "2023-06", "-o", "x.txt"], "格式"),
])
def test_bad_input_is_one_clear_line(reference_data, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("briefs", "generate", *args, stdout=io.StringIO())
