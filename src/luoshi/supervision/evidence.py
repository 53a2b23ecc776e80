"""Evidence attached to a unit's response to an order, checked and stored the way progress
reports' evidence is (:mod:`luoshi.progress.evidence`): allowed types only, content that
matches its extension, a size limit, a random stored name; served only through a view that
checks the reader's data scope."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction

from luoshi.core import audit
from luoshi.core.errors import InvalidInput
from luoshi.progress.evidence import CONTENT_TYPES, checked_suffix
from luoshi.supervision.models import OrderEvidence, OrderResponse

MAX_FILES = 10


@transaction.atomic
def attach_evidence(*, actor, response: OrderResponse, name: str, content: bytes) -> OrderEvidence:
    """Store one file of ``response`` (called by ``respond_order`` inside its transaction)."""
    if response.evidence.count() >= MAX_FILES:
        raise InvalidInput(f"每次反馈最多 {MAX_FILES} 个佐证材料", field="files")
    suffix = checked_suffix(name, content)
    evidence = OrderEvidence(response=response, original_name=PurePath(name).name[:255],
                             content_type=CONTENT_TYPES[suffix], size=len(content),
                             sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor)
    # A random stored name: the user's file name never reaches the file system.
    evidence.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    evidence.save()
    audit.record(actor=actor, action="add_evidence", obj=response.order,
                 after={"file": evidence.original_name, "size": evidence.size,
                        "sha256": evidence.sha256})
    return evidence
