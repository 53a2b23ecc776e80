"""Evidence attached to reports: checked type and size, stored under a random name, served
only through a view that checks the reader's data scope."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction

from luoshi.core import audit
from luoshi.core.errors import Conflict, InvalidInput
from luoshi.progress.models import Evidence, ProgressReport
from luoshi.progress.services import EDITABLE, require_report_access

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 20
# Extension → the bytes such a file starts with (what the content must really be).
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ofd": "application/ofd", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
}


def checked_suffix(name: str, content: bytes) -> str:
    """The lower-case extension of an uploaded file (e.g. ``.pdf``) once the file is known to
    be acceptable evidence: an allowed type, not empty, at most ``MAX_BYTES``, and content that
    starts as that type must (a renamed .exe is refused). Raises InvalidInput(field="file")
    with the reason in Chinese otherwise. Shared by report evidence and the supervision
    office's order evidence, so both accept the same files."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SIGNATURES:
        allowed = "、".join(s.lstrip(".") for s in SIGNATURES)
        raise InvalidInput(f"“{name}”的类型不允许上传，只接受 {allowed}", field="file")
    if len(content) > MAX_BYTES:
        raise InvalidInput(f"“{name}”超过 {MAX_BYTES // 1024 // 1024} MB", field="file")
    if not content:
        raise InvalidInput(f"“{name}”是空文件", field="file")
    if not content.startswith(SIGNATURES[suffix]):
        raise InvalidInput(f"“{name}”的内容与扩展名不符，请上传真实的 {suffix.lstrip('.')} 文件",
                           field="file")
    return suffix


@transaction.atomic
def add_evidence(*, actor, report: ProgressReport, name: str, content: bytes) -> Evidence:
    require_report_access(actor, report, "reports.fill")
    if report.status not in EDITABLE:
        raise Conflict("报告已报送，不能再添加佐证材料", code="report_locked")
    if report.evidence.count() >= MAX_FILES:
        raise InvalidInput(f"每份报告最多 {MAX_FILES} 个佐证材料", field="file")
    suffix = checked_suffix(name, content)
    evidence = Evidence(report=report, original_name=PurePath(name).name[:255],
                        content_type=CONTENT_TYPES[suffix], size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor)
    # A random stored name: the user's file name never reaches the file system.
    evidence.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    evidence.save()
    audit.record(actor=actor, action="add_evidence", obj=report,
                 after={"file": evidence.original_name, "size": evidence.size, "sha256": evidence.sha256})
    return evidence


@transaction.atomic
def remove_evidence(*, actor, evidence: Evidence) -> None:
    report = evidence.report
    require_report_access(actor, report, "reports.fill")
    if report.status not in EDITABLE:
        raise Conflict("报告已报送，不能再删除佐证材料", code="report_locked")
    audit.record(actor=actor, action="remove_evidence", obj=report,
                 before={"file": evidence.original_name, "sha256": evidence.sha256})
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
