"""The raw baseline of bench/sync.py part (d): pages of a table's rows as JSON (the bootstrap baseline's form:
column names and value lists, UUID blobs as hex), each inserted with one ``executemany`` into a database of the
same schema — SQLite through sqlite3 (with the connection set-up the server's engine gives it: WAL, foreign keys,
synchronous=FULL and the search index's SQL functions, whose triggers fire as on the server) or PostgreSQL through
psycopg. No scoping, no models, no validation, no counts.

    uvicorn --app-dir bench sync_upload_baseline:app   (the target database URL in $BENCH_TARGET_DB)
"""

import json
import os
import re
import threading

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from sync_bootstrap_baseline import health

_local = threading.local()
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
TARGET = os.environ.get("BENCH_TARGET_DB", "")
POSTGRESQL = TARGET.startswith("postgresql://")


def _connection():
    conn = getattr(_local, "conn", None)
    if conn is None:
        if POSTGRESQL:
            import psycopg

            conn = psycopg.connect(TARGET)
        else:
            from app.store.db import sqlite_engine

            _local.engine = sqlite_engine(TARGET.removeprefix("sqlite:///"))
            _local.pooled = _local.engine.raw_connection()  # held, so the pool never takes it back
            conn = _local.pooled.driver_connection
        _local.conn = conn
    return conn


async def insert(request: Request) -> Response:
    page = json.loads(await request.body())
    table = page["table"]
    assert _NAME.match(table) and all(_NAME.match(name) for name in page["columns"])
    blobs, flags = page["blobs"], page["flags"]
    rows = page["rows"]
    for row in rows:
        for i in blobs:
            if row[i] is not None and not POSTGRESQL:
                row[i] = bytes.fromhex(row[i])
        for i in flags:
            if row[i] is not None:
                row[i] = bool(row[i])
    columns = ", ".join(page["columns"])
    marks = ", ".join(("%s" if POSTGRESQL else "?") for _ in page["columns"])
    statement = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
    conn = _connection()
    if POSTGRESQL:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(statement, rows)
    else:
        cursor = conn.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.executemany(statement, rows)
        cursor.execute("COMMIT")
    return Response(status_code=204)


app = Starlette(routes=[Route("/health", health), Route("/insert", insert, methods=["POST"])])
