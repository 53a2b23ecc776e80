"""`luoshi assessment compute`: computes, can run again, and says what is wrong in one line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from luoshi.assessment.models import Result
from luoshi.core.models import AuditEntry
from tests.assessment.conftest import enter


def test_compute_from_the_command_line_twice(scheme, org):
    enter(scheme, scheme["work"], org["fgw"], 80)
    out = StringIO()
    call_command("assessment", "compute", "--scheme", scheme["scheme"].pk, "--period", "2023Q2", stdout=out)
    assert "2023-Q2：3 个单位，5 项得分" in out.getvalue()
    first = sorted(Result.objects.values_list("unit_id", "total", "rank"))
    call_command("assessment", "compute", "--scheme", scheme["scheme"].pk, "--period", "2023年二季度",
                 stdout=StringIO())
    assert sorted(Result.objects.values_list("unit_id", "total", "rank")) == first
    assert AuditEntry.objects.filter(action="compute", source="cli").count() == 2


def test_bad_arguments_get_a_one_line_message(scheme):
    with pytest.raises(CommandError, match="考核方案 999 不存在"):
        call_command("assessment", "compute", "--scheme", 999, "--period", "2023Q2")
    with pytest.raises(CommandError, match="不是季度或全年"):
        call_command("assessment", "compute", "--scheme", scheme["scheme"].pk, "--period", "2023-06")
