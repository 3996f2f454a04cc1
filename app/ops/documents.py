"""Printed documents: every copy is archived as a PDF under the data folder and recorded by an op
(``documents.record_print``), so a reprint knows its number (补打 n) and the archive can be audited.

Printing happens after the business op has committed, never inside it: the caller renders the PDF (app.printing)
with ``reprint_no = next_copy_number(...)``, then calls ``archive_and_record``.
"""

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pydantic
from sqlmodel import Session

from app.core.clock import now
from app.core.ids import new_id
from app.core.paths import archive_dir
from app.ops.runner import Actor, OpContext, OpResult, Payload, op, run_op
from app.store.billing_models import DocumentPrint
from app.store.billing_queries import print_count

_KIND = r"^[a-z][a-z0-9_]{1,31}$"


class RecordPrint(Payload):
    print_id: uuid.UUID
    kind: str = pydantic.Field(pattern=_KIND)  # receipt, refund, shift_statement …
    document_id: uuid.UUID
    layout: str = pydantic.Field(default="", max_length=16)
    reprint_no: int = pydantic.Field(ge=0)  # 0 = the original; n = 补打 n
    archive_name: str = pydantic.Field(max_length=200)
    sha256: str = pydantic.Field(pattern=r"^[0-9a-f]{64}$")


@op("documents.record_print", 1, permission="documents.print", payload=RecordPrint,
    describe=lambda p: f"打印 {p.kind}" + (f"（补打第{p.reprint_no}次）" if p.reprint_no else ""))
def record_print(session: Session, p: RecordPrint, ctx: OpContext) -> None:
    session.add(DocumentPrint(id=p.print_id, kind=p.kind, document_id=p.document_id, layout=p.layout,
                              reprint_no=p.reprint_no, archive_name=p.archive_name, sha256=p.sha256,
                              printed_by=ctx.actor_id, printed_at=p.at, op_id=ctx.op_id))


def next_copy_number(engine, kind: str, document_id: uuid.UUID) -> int:
    """0 when the document was never printed (the original), else the reprint number the next copy carries."""
    return print_count(engine, kind, document_id)


def archive_pdf(data_dir: Path, kind: str, document_id: uuid.UUID, reprint_no: int, pdf: bytes) -> Path:
    """Write the PDF durably (temp file, fsync, rename) to archive/<kind>/<document id>/<copy>.pdf."""
    if not re.match(_KIND, kind):
        raise ValueError(f"bad document kind {kind!r}")
    folder = archive_dir(data_dir) / kind / str(document_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ("original.pdf" if reprint_no == 0 else f"reprint-{reprint_no}.pdf")
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as handle:
        handle.write(pdf)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(target)
    return target


@dataclass(frozen=True)
class ArchivedCopy:
    path: Path
    reprint_no: int
    op: OpResult


def archive_and_record(desk, actor: Actor, kind: str, document_id: uuid.UUID, layout: str, reprint_no: int,
                       pdf: bytes, at: datetime | None = None) -> ArchivedCopy:
    path = archive_pdf(desk.data_dir, kind, document_id, reprint_no, pdf)
    result = run_op(desk.engine, "documents.record_print",
                    {"print_id": new_id(), "kind": kind, "document_id": document_id, "layout": layout,
                     "reprint_no": reprint_no, "archive_name": path.relative_to(desk.data_dir).as_posix(),
                     "sha256": hashlib.sha256(pdf).hexdigest(), "at": at or now()}, actor)
    return ArchivedCopy(path, reprint_no, result)
