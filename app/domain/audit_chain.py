"""The audit log's hash chain: each entry's hash covers its fields and the previous entry's hash."""

import hashlib
import json

GENESIS = "0" * 64


def entry_hash(prev_hash: str, fields: dict) -> str:
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()
