"""Reads an op can have made once for a whole batch of its kind instead of once per op (the sync server's push).

An op module registers ``@batch_read("op.name")`` on a function ``(session, payloads)`` that reads, in one
query, what each op of that kind would otherwise look up alone, and leaves it in ``session.info`` for the
handler. The handler falls back to its own read when nothing is there (on a desk, or on a batch the server
runs again op by op), so a batch read is an optimisation, never a requirement. The server runs the reads only for
a batch whose ops all run unguarded, where any failure rolls the whole batch back: so each op may update what
was read (add its own receipt number) without a refused op leaving its trace there.
"""

from collections.abc import Callable

from sqlmodel import Session

BatchRead = Callable[[Session, list[dict]], None]
_READS: dict[str, BatchRead] = {}


def batch_read(op_name: str) -> Callable[[BatchRead], BatchRead]:
    def register(read: BatchRead) -> BatchRead:
        _READS[op_name] = read
        return read

    return register


def read_ahead(session: Session, ops: list[tuple[str, dict]]) -> None:
    """Run the registered batch reads for the ops (name, raw payload) about to run in ``session``."""
    from app.ops.runner import load_ops

    load_ops()  # the op modules register their reads when imported
    by_name: dict[str, list[dict]] = {}
    for name, payload in ops:
        if name in _READS:
            by_name.setdefault(name, []).append(payload)
    for name, payloads in by_name.items():
        _READS[name](session, payloads)
