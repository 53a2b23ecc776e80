"""The audit log: who changed what, when, from where, before and after.

Every writing service calls :func:`record` inside its transaction. Entries form a hash
chain (each entry's hash covers its content and the previous entry's hash) and the chain
head is kept in one row, so editing, deleting or truncating entries in the database is
found by :func:`verify_chain`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from luoshi.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64

# Where the current change comes from ("10.1.2.3", "cli"): set by the request middleware
# or the command line, so services need no request object.
_source: contextvars.ContextVar[str] = contextvars.ContextVar("audit_source", default="")


@contextmanager
def audit_source(source: str):
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited state of ``obj``: concrete field values, foreign keys as ids."""
    names = fields or [
        f.name for f in obj._meta.concrete_fields if f.name not in ("password",)
    ]
    state = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname) if field.concrete else getattr(obj, name)
        state[name] = _jsonable(value)
    return state


def _entry_hash(entry: AuditEntry) -> str:
    at = entry.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = {
        "at": at,
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "source": entry.source,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "prev": entry.prev_hash,
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=(getattr(actor, "username", "") or "system")[:150],
            source=current_source()[:64],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            prev_hash=head.last_hash,
        )
        entry.hash = _entry_hash(entry)
        entry.save()
        head.last_id, head.last_hash, head.count = entry.pk, entry.hash, head.count + 1
        head.save(update_fields=["last_id", "last_hash", "count"])
    return entry


def record_saved(*, actor, obj: models.Model, before: dict | None, fields: Iterable[str]) -> None:
    """Audit a create (``before`` None) or an update of ``obj``; an update that changed none
    of ``fields`` leaves no entry."""
    after = snapshot(obj, fields)
    if after != before:
        record(actor=actor, action="update" if before is not None else "create", obj=obj,
               before=before, after=after)


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    reason: str


def verify_chain() -> ChainProblem | None:
    """Walk the whole chain; return the first entry that breaks it, or None."""
    expected_prev = GENESIS_HASH
    last_id = 0
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return ChainProblem(entry.pk, "上一条记录缺失或被改动（链接断开）")
        if _entry_hash(entry) != entry.hash:
            return ChainProblem(entry.pk, "记录内容被改动（哈希不符）")
        expected_prev, last_id, count = entry.hash, entry.pk, count + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return None if count == 0 else ChainProblem(last_id, "链头记录缺失")
    if head.last_id != last_id or head.last_hash != expected_prev:
        return ChainProblem(head.last_id, "最新的记录被删除")
    if head.count != count:
        return ChainProblem(last_id, f"记录条数不符：应为{head.count}条，实有{count}条")
    return None
