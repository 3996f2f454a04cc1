"""The raw baseline of bench/sync.py part (a): a table's rows as JSON pages, keyset by primary key, read from the
server's SQLite file with sqlite3 (UUID blobs as hex). No scoping, no models, no validation.

    uvicorn --app-dir bench sync_bootstrap_baseline:app   (the server database in $BENCH_SERVER_DB)
"""

import json
import os
import re
import sqlite3
import threading

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_local = threading.local()
_NAME = re.compile(r"^[a-z_]+$")


def _connection() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = sqlite3.connect(f"file:{os.environ['BENCH_SERVER_DB']}?mode=ro", uri=True)
    return conn


def _plain(value):
    return value.hex() if isinstance(value, bytes) else value


def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def rows(request: Request) -> Response:
    table = request.query_params["table"]
    assert _NAME.match(table)
    limit = int(request.query_params.get("limit", 5000))
    after = bytes.fromhex(request.query_params.get("after") or "")
    cursor = _connection().execute(f'SELECT * FROM "{table}" WHERE id > ? ORDER BY id LIMIT ?', (after, limit + 1))
    columns = [d[0] for d in cursor.description]
    found = cursor.fetchall()
    page = [[_plain(value) for value in row] for row in found[:limit]]
    next_after = page[-1][columns.index("id")] if len(found) > limit else None
    return Response(json.dumps({"columns": columns, "rows": page, "next_after": next_after}),
                    media_type="application/json")


app = Starlette(routes=[Route("/health", health), Route("/rows", rows)])
