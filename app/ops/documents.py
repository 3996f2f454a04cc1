"""Printed documents: every copy is archived as a PDF under the data folder and recorded by an op
(``documents.record_print``), so a reprint knows its number (补打 n) and the archive can be audited.

Printing happens after the business op has committed, never inside it. A copy is rendered, its PDF written to
the archive, then recorded: alone (``archive_and_record``: reprints, statements, refund slips), or — for the
receipt of a payment — in the payment's own transaction, as the follow-up op of ``run_op(then=…)``
(``record_copy_op``): one commit, one fsync, instead of two.

The PDF is written (temp file, rename) *before* the op that records it commits, without an fsync of its own: a
process killed at any point leaves either no record, or a record whose file is already in the operating
system's hands. Only a power cut can lose a file whose record is durable (the database is fsynced at commit);
``restore_archive`` re-renders the recent copies of this desk whose file is missing or differs from the
recorded hash. Rendering is deterministic (the same data gives the same bytes), so the copy comes back as it was.
"""

import hashlib
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pydantic
from sqlalchemy import insert, select
from sqlmodel import Session

from app.core.clock import now
from app.core.ids import new_id
from app.core.paths import archive_dir
from app.ops.runner import Actor, OpContext, OpResult, Payload, op, run_op
from app.store.billing_models import DocumentPrint
from app.store.billing_queries import print_count
from app.store.db import reading
from app.store.models import Outbox
from app.store.replication import mark_touched

log = logging.getLogger(__name__)

_KIND = r"^[a-z][a-z0-9_]{1,31}$"
RECORD_PRINT = "documents.record_print"


class RecordPrint(Payload):
    print_id: uuid.UUID
    kind: str = pydantic.Field(pattern=_KIND)  # receipt, refund, shift_statement …
    document_id: uuid.UUID
    layout: str = pydantic.Field(default="", max_length=16)
    reprint_no: int = pydantic.Field(ge=0)  # 0 = the original; n = 补打 n
    archive_name: str = pydantic.Field(max_length=200)
    sha256: str = pydantic.Field(pattern=r"^[0-9a-f]{64}$")


_INSERT_PRINT = insert(DocumentPrint.__table__)


@op(RECORD_PRINT, 1, permission="documents.print", payload=RecordPrint,
    describe=lambda p: f"打印 {p.kind}" + (f"（补打第{p.reprint_no}次）" if p.reprint_no else ""))
def record_print(session: Session, p: RecordPrint, ctx: OpContext) -> None:
    # One row with no foreign key: a Core insert (marked for sync) costs a fraction of the ORM's flush.
    session.connection().execute(_INSERT_PRINT, {
        "id": p.print_id, "kind": p.kind, "document_id": p.document_id, "layout": p.layout,
        "reprint_no": p.reprint_no, "archive_name": p.archive_name, "sha256": p.sha256, "printed_by": ctx.actor_id,
        "printed_at": p.at, "op_id": ctx.op_id})
    mark_touched(session, DocumentPrint.__tablename__, [p.print_id])


def next_copy_number(engine, kind: str, document_id: uuid.UUID) -> int:
    """0 when the document was never printed (the original), else the reprint number the next copy carries."""
    return print_count(engine, kind, document_id)


def archive_path(data_dir: Path, kind: str, document_id: uuid.UUID, reprint_no: int) -> Path:
    """archive/<kind>/<document id>/original.pdf, or …/reprint-<n>.pdf."""
    if not re.match(_KIND, kind):
        raise ValueError(f"bad document kind {kind!r}")
    name = "original.pdf" if reprint_no == 0 else f"reprint-{reprint_no}.pdf"
    return archive_dir(data_dir) / kind / str(document_id) / name


def write_archive(target: Path, pdf: bytes) -> Path:
    """Write ``pdf`` to ``target`` whole or not at all (temp file, then rename over the target). No fsync: the
    op recording the copy commits next, and ``restore_archive`` covers a file lost to a power cut."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(pdf)
    partial.replace(target)
    return target


def archive_pdf(data_dir: Path, kind: str, document_id: uuid.UUID, reprint_no: int, pdf: bytes) -> Path:
    return write_archive(archive_path(data_dir, kind, document_id, reprint_no), pdf)


def record_copy_op(data_dir: Path, kind: str, document_id: uuid.UUID, layout: str, reprint_no: int, pdf: bytes,
                   at: datetime | None = None) -> tuple[tuple[str, dict], Path]:
    """Archive a copy and return the ``documents.record_print`` op recording it (for ``run_op(then=…)``) with
    the archived path. Call inside the transaction that records it; remove the file if it does not commit."""
    path = archive_pdf(data_dir, kind, document_id, reprint_no, pdf)
    payload = {"print_id": new_id(), "kind": kind, "document_id": document_id, "layout": layout,
               "reprint_no": reprint_no, "archive_name": path.relative_to(data_dir).as_posix(),
               "sha256": hashlib.sha256(pdf).hexdigest(), "at": at or now()}
    return (RECORD_PRINT, payload), path


@dataclass(frozen=True)
class ArchivedCopy:
    path: Path
    reprint_no: int
    op: OpResult


def archive_and_record(desk, actor: Actor, kind: str, document_id: uuid.UUID, layout: str, reprint_no: int,
                       pdf: bytes, at: datetime | None = None) -> ArchivedCopy:
    """Archive a rendered copy, then record it (one op, one commit)."""
    restore_archive_once(desk)
    (name, payload), path = record_copy_op(desk.data_dir, kind, document_id, layout, reprint_no, pdf, at)
    try:
        result = run_op(desk.engine, name, payload, actor)
    except BaseException:
        path.unlink(missing_ok=True)  # not recorded: the next attempt prints this copy number again
        raise
    return ArchivedCopy(path, reprint_no, result)


# --- restoring copies lost to a power cut ----------------------------------------------------------------

# kind → render(desk, document_id, layout, reprint_no, printed_at) → PDF bytes, registered by the modules that
# print each kind (app.ops.billing.documents), which restore_archive imports when a copy needs re-rendering.
Renderer = Callable[[object, uuid.UUID, str, int, datetime], bytes]
RENDERERS: dict[str, Renderer] = {}
RECENT_OPS = 50  # a power cut loses seconds of unflushed writes; a counter records far fewer copies than this
_restored: set[Path] = set()
_restored_lock = threading.Lock()


@dataclass(frozen=True)
class RestoredCopy:
    path: Path
    matches: bool  # the re-rendered bytes have the recorded hash (False: the document changed since)


def restore_archive(desk, recent_ops: int = RECENT_OPS) -> list[RestoredCopy]:
    """Re-render the copies recorded by this desk's last ``recent_ops`` ops whose archived file is missing or
    does not have the recorded hash. Returns what it wrote."""
    with reading(desk.engine) as session:
        payloads = [json.loads(text) for name, text in session.execute(
            select(Outbox.name, Outbox.payload).order_by(Outbox.device_seq.desc()).limit(recent_ops))
            if name == RECORD_PRINT]
    restored = []
    for payload in payloads:
        copy = RecordPrint.model_validate(payload)
        path = desk.data_dir / copy.archive_name
        if _has_hash(path, copy.sha256):
            continue
        if not RENDERERS:
            import app.ops.billing.documents  # noqa: F401  (registers the cashier's documents)
        render = RENDERERS.get(copy.kind)
        if render is None:
            log.warning("archived copy %s is missing and kind %s cannot be re-rendered", path, copy.kind)
            continue
        pdf = render(desk, copy.document_id, copy.layout, copy.reprint_no, copy.at)
        matches = hashlib.sha256(pdf).hexdigest() == copy.sha256
        if not matches:
            log.warning("archived copy %s re-rendered from the document as it is now (it changed since)", path)
        restored.append(RestoredCopy(write_archive(path, pdf), matches))
    return restored


def restore_archive_once(desk) -> None:
    """``restore_archive`` before this process's first print on a desk; a failure is logged, never raised
    (printing goes on; the next process tries again)."""
    key = Path(desk.data_dir)
    with _restored_lock:
        if key in _restored:
            return
        _restored.add(key)
    try:
        restore_archive(desk)
    except Exception:
        log.exception("restoring the document archive of %s failed", key)


def _has_hash(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False
