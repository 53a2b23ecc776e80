"""The audit log records every change and detects tampering in the database."""

import pytest
from django.core.management import CommandError, call_command

from luoshi.core.audit import audit_source, verify_chain
from luoshi.core.models import AuditEntry
from luoshi.orgs import services
from luoshi.orgs.models import UnitKind


@pytest.fixture
def changes(org, hq_user):
    # Given a few audited changes by a known user from a known address
    with audit_source("10.1.2.3"):
        unit = services.create_unit(
            actor=hq_user,
            data=services.UnitData(
                code="FS-TJJ",
                name="抚顺市统计局",
                kind=UnitKind.GOV_DEPT,
                region_code="210400",
                parent_code="FS-LDXZ",
            ),
        )
        services.update_unit(
            actor=hq_user,
            unit=unit,
            data=services.UnitData(
                code="FS-TJJ",
                name="抚顺市统计局（改）",
                kind=UnitKind.GOV_DEPT,
                region_code="210400",
                parent_code="FS-LDXZ",
            ),
        )
    return unit


def test_an_update_records_who_when_where_before_and_after(changes, hq_user):
    entry = AuditEntry.objects.filter(object_type="orgs.unit", action="update").get()
    assert entry.actor_id == hq_user.pk
    assert entry.source == "10.1.2.3"
    assert entry.before["name"] == "抚顺市统计局"
    assert entry.after["name"] == "抚顺市统计局（改）"
    assert entry.object_id == str(changes.pk)


def test_an_intact_chain_verifies(changes, capsys):
    assert verify_chain() is None
    call_command("audit", "verify")
    assert "审计日志完整" in capsys.readouterr().out


def test_an_edited_entry_is_named(changes):
    entry = AuditEntry.objects.filter(action="update").get()
    AuditEntry.objects.filter(pk=entry.pk).update(after={"name": "篡改"})
    problem = verify_chain()
    assert problem.entry_id == entry.pk
    with pytest.raises(CommandError, match=f"第{entry.pk}号"):
        call_command("audit", "verify")


def test_a_deleted_entry_in_the_middle_is_found(changes):
    first = AuditEntry.objects.order_by("id").first()
    second = AuditEntry.objects.order_by("id")[1]
    AuditEntry.objects.filter(pk=first.pk).delete()
    assert verify_chain().entry_id == second.pk


def test_a_deleted_newest_entry_is_found(changes):
    newest = AuditEntry.objects.order_by("-id").first()
    AuditEntry.objects.filter(pk=newest.pk).delete()
    assert verify_chain().entry_id == newest.pk


def test_an_edited_actor_is_found(changes):
    entry = AuditEntry.objects.order_by("id").last()
    AuditEntry.objects.filter(pk=entry.pk).update(actor_name="someone-else")
    assert verify_chain().entry_id == entry.pk


def test_deleting_a_user_keeps_the_chain_intact(changes, hq_user):
    from luoshi.orgs.models import User

    User.objects.filter(pk=hq_user.pk).delete()
    assert verify_chain() is None
    assert AuditEntry.objects.filter(actor_name="hq").exists()
