"""Sync benchmarks (issue 4), JSON out; each part selectable:

    python bench/sync.py --part a [--bootstrap-units 100000]
    python bench/sync.py --part b [--desks 20 --properties 4 --ops-per-desk 1000 --workers 2]
    python bench/sync.py --part c [--idle-rounds 200]
    python bench/sync.py --part d [--upload-units 100000 --upload-db sqlite --upload-db postgresql]

(a) bootstrap of a new desk for a 100,000-unit property over loopback, beside a raw baseline in the same run
    (bench/sync_bootstrap.py).
(b) push throughput: concurrent desks pushing batches of 200 ops to a real server process over PostgreSQL,
    exactly-once checked afterwards, beside a raw baseline in the same run (bench/sync_push.py).
(c) the round trip of an idle sync (nothing to do) from a desk to a real server process: p50 (bench/sync_idle.py).
(d) initial upload: a standalone desk's data (the 100,000-unit demo with its cashier's months) becomes an empty
    property's initial state on a real server over SQLite and over PostgreSQL, rows/s beside a raw baseline in the
    same run (bench/sync_upload.py).

A part is a module with ``add_arguments(parser)`` and ``run(args) -> dict`` (``"ok": False`` in its result makes
the command exit 1); add it to PARTS.
"""

import argparse
import json
import os
import sys

os.environ.setdefault("FRONTDESK_KEYSTORE", "file")

import sync_bootstrap  # noqa: E402
import sync_idle  # noqa: E402
import sync_push  # noqa: E402
import sync_upload  # noqa: E402

PARTS = {"a": sync_bootstrap, "b": sync_push, "c": sync_idle, "d": sync_upload}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", action="append", choices=sorted(PARTS),
                        help="run only this part (repeatable); default: every part")
    for module in PARTS.values():
        module.add_arguments(parser)
    args = parser.parse_args(argv)
    results = {part: PARTS[part].run(args) for part in (args.part or sorted(PARTS))}
    json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0 if all(result.get("ok", True) for result in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
