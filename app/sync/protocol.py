"""The sync protocol's messages and versions, shared by the desk (app.sync) and the server (app.server).

Every request carries ``protocol``; the server accepts PROTOCOL_MIN..PROTOCOL_MAX and answers any other with
error code ``upgrade_required`` and a message telling the desk to upgrade. Ops carry their own name and
version: the server keeps handlers for old op versions, so an outbox written before an upgrade still applies.

Agreements between the desk (app.sync) and the server (app.server) beyond the message shapes:

Upload (a standalone desk enrolled with ``has_data``; EnrollResponse.mode == "upload"). Before its first page
the desk adopts the server's property: it rewrites its own property id to EnrollResponse.property.id (every
``property_id`` column, and the property row, whose code and name become the server's), takes its terminal
code, and keeps its own field key (sent in EnrollRequest.field_key; the server makes it the property's key and
answers it back). It then sends every synced table, parents first, in pages, all read in one snapshot; the last
page has ``done``, the per-table ``counts`` and ``last_seq``: the highest op seq of this device whose effects the
upload holds. The server sets the device's last_seq to it (those ops are never pushed: the upload carries their
rows) and marks the property initialized. Pages are upserts, so an interrupted upload is simply sent again.

Acknowledgements and a server restored from an older backup. The desk keeps every op in its outbox (acked ones
too) and never forgets one. PushResponse.last_seq and PullResponse.last_seq are the server's last_seq for the
device. When the server's last_seq is below an op the desk holds as acked, the server has lost it: the desk sets
those ops back to pending, pushes them again from last_seq+1 (a push of seq > last_seq+1 is answered with code
"gap" and expected_seq, which leads to the same re-send), and keeps a notice for the clerk saying how many ops
were sent again. The change log may have gone back too: when the property's change counter is below the desk's
cursor, pull answers with ``cursor`` = the counter (lower than ``after``) and no changes. Other desks may also
have written past the desk's cursor again before it pulls, under numbers it has seen: so the desk asks from one
change before its cursor and compares that change with a digest of the one it applied there. Either way the log
under its cursor is not the one it applied, so the desk pulls the whole log again from 0 and tells the clerk.

Bootstrap (EnrollResponse.mode == "bootstrap"). The desk asks GET /v1/bootstrap for each synced table in
synced_tables() order, page by page (``after`` = the previous page's next_after), and afterwards pulls after
the ``cursor`` of its FIRST page: pages are read at different moments, and a later page may already hold rows
changed after that cursor, which the pull then re-applies in order. Rows are never deleted, so once loaded the
desk holds at least ``counts[table]`` rows of each table (equal when nothing was written meanwhile). While the
property has no initial state yet (no upload finished) bootstrap answers 409 code "conflict".

Rejections. A rejected op (status "rejected", with the Chinese reason) is shown on the desk, never dropped.
The desk already ran it locally, so it asks for the server's state of the rows that op touched (POST /v1/rows):
rows the server returns replace the local ones; rows it lacks existed only on this desk and are removed.

Review queue. GET /v1/review answers the device's property's review items (ReviewList): the supervisor's 待处理
view on the desk reads it; resolving is done on the server (frontdesk-server review).
"""

import uuid
from typing import Any, Literal

import pydantic

# GET requests (pull, bootstrap, review) carry the desk's protocol version in this header; the server checks it
# like the ``protocol`` field of a request body.
PROTOCOL_HEADER = "X-FrontDesk-Protocol"
PROTOCOL_VERSION = 1  # what this build of the desk speaks
PROTOCOL_MIN = 1  # what this build of the server accepts
PROTOCOL_MAX = 1
MAX_PUSH_OPS = 200
MAX_PAGE = 5000


class Message(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")


class ErrorBody(Message):
    """Every non-2xx answer: a machine code and a message a clerk can read (Chinese) plus English."""

    code: Literal["upgrade_required", "unauthorized", "revoked", "forbidden", "gap", "invalid", "not_found",
                  "conflict", "unavailable"]
    message: str
    message_en: str = ""
    expected_seq: int | None = None  # for code "gap": the next seq the server expects


class Health(Message):
    status: Literal["ok"]
    protocol_min: int
    protocol_max: int
    server_time: pydantic.AwareDatetime


class EnrollRequest(Message):
    code: str = pydantic.Field(min_length=6, max_length=64)
    protocol: int
    app_version: str
    device_name: str = pydantic.Field(default="", max_length=60)
    has_data: bool = False  # a standalone desk bringing its data as the property's initial state
    field_key: str | None = None  # base64; sent only with has_data (the desk's data is encrypted with it)


class PropertyInfo(Message):
    id: uuid.UUID
    code: str
    name: str


class EnrollResponse(Message):
    device_id: uuid.UUID
    token: str
    terminal_code: str
    property: PropertyInfo
    field_key: str  # base64: the property's key, shared by its desks (ID numbers, receipt check values)
    mode: Literal["bootstrap", "upload"]
    server_time: pydantic.AwareDatetime


class OpEnvelope(Message):
    op_id: uuid.UUID
    seq: int = pydantic.Field(ge=1)
    name: str
    version: int = pydantic.Field(ge=1)
    payload: dict[str, Any]
    actor_id: uuid.UUID
    approver_id: uuid.UUID | None = None
    client_time: pydantic.AwareDatetime


class PushRequest(Message):
    device_id: uuid.UUID
    protocol: int
    app_version: str
    ops: list[OpEnvelope] = pydantic.Field(max_length=MAX_PUSH_OPS)


class OpOutcome(Message):
    op_id: uuid.UUID
    seq: int
    status: Literal["applied", "duplicate", "rejected"]
    review: bool = False  # accepted, and raised in the property's review queue (待处理)
    result: Any = None
    error: str | None = None  # for "rejected": why, in Chinese


class PushResponse(Message):
    results: list[OpOutcome]
    last_seq: int
    server_time: pydantic.AwareDatetime


class Change(Message):
    seq: int
    table: str
    row_id: uuid.UUID
    row: dict[str, Any]  # the row's full state after the change (row_to_json)


class PullResponse(Message):
    changes: list[Change]
    cursor: int
    has_more: bool
    last_seq: int  # the highest op seq of this device the server has applied
    server_time: pydantic.AwareDatetime


class SnapshotPage(Message):
    cursor: int  # the change-log position the snapshot stands at; pull after it when done
    table: str
    rows: list[dict[str, Any]]
    next_after: uuid.UUID | None  # pass as ``after`` for the table's next page; None: table done
    counts: dict[str, int]  # rows per table in the whole snapshot, to check after loading


class UploadRequest(Message):
    """One page of a standalone desk's data becoming the property's initial state (enrolled with has_data)."""

    device_id: uuid.UUID
    protocol: int
    table: str
    rows: list[dict[str, Any]] = pydantic.Field(max_length=MAX_PAGE)
    done: bool = False  # the last page: the server checks counts and opens the property to other desks
    counts: dict[str, int] | None = None  # with done: rows per table the desk sent
    last_seq: int | None = None  # with done: the device's highest op seq whose effects the upload holds


class RowsRequest(Message):
    """POST /v1/rows: the server's current state of some rows of one synced table (after a rejection)."""

    device_id: uuid.UUID
    protocol: int
    table: str
    ids: list[uuid.UUID] = pydantic.Field(min_length=1, max_length=MAX_PAGE)


class RowsResponse(Message):
    rows: list[dict[str, Any]]  # row_to_json of each requested row the property holds; absent ids are missing
    server_time: pydantic.AwareDatetime


class ReviewEntry(Message):
    id: uuid.UUID
    kind: str
    summary: str
    detail: dict[str, Any] = pydantic.Field(default_factory=dict)
    op_id: uuid.UUID | None = None
    created_at: pydantic.AwareDatetime
    resolved_at: pydantic.AwareDatetime | None = None
    resolved_by: str = ""
    resolution: str = ""


class ReviewList(Message):
    """GET /v1/review?include_resolved=false: the device's property's review queue, newest first."""

    items: list[ReviewEntry]
    server_time: pydantic.AwareDatetime
