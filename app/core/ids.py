"""UUIDv7 primary keys: time ordered, so inserts stay append-friendly in B-tree indexes."""

import uuid

from uuid6 import uuid7


def new_id() -> uuid.UUID:
    return uuid7()


def parse_id(value: str | uuid.UUID | bytes) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, bytes):
        return uuid.UUID(bytes=value)
    return uuid.UUID(str(value))
