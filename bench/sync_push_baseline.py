"""The raw baseline of bench/sync.py part (b): the same push bodies over loopback HTTP, each op stored as one row with
one psycopg ``executemany`` per request, and an answer per op. No op handler, no bookkeeping.

    uvicorn --app-dir bench sync_push_baseline:app   (database URL in $BENCH_BASELINE_DB)
"""

import json
import os
import threading

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import Response

TABLE = "bench_baseline_op"
CREATE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (op_id uuid PRIMARY KEY, device_id uuid NOT NULL, seq bigint NOT NULL, "
          "name text NOT NULL, payload text NOT NULL, UNIQUE (device_id, seq))")
INSERT = f"INSERT INTO {TABLE} (op_id, device_id, seq, name, payload) VALUES (%s, %s, %s, %s, %s)"

app = FastAPI()
_local = threading.local()


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(os.environ["BENCH_BASELINE_DB"])
    return conn


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/rows")
async def rows(request: Request) -> Response:
    body = json.loads(await request.body())
    ops = body["ops"]
    values = [(op["op_id"], body["device_id"], op["seq"], op["name"], json.dumps(op["payload"])) for op in ops]
    await _store(values)
    answer = {"results": [{"op_id": op["op_id"], "seq": op["seq"], "status": "applied"} for op in ops],
              "last_seq": ops[-1]["seq"] if ops else 0}
    return Response(json.dumps(answer), media_type="application/json")


async def _store(values: list[tuple]) -> None:
    from starlette.concurrency import run_in_threadpool

    def write() -> None:
        conn = _connection()
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(INSERT + " ON CONFLICT (op_id) DO NOTHING", values)

    await run_in_threadpool(write)
