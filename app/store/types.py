"""Column types: UUIDs as 16 bytes on SQLite (native on PostgreSQL), timestamps always UTC-aware."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import LargeBinary
from sqlalchemy.types import DateTime, TypeDecorator


class CompactUUID(TypeDecorator):
    impl = LargeBinary(16)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":  # the dialect's own types, imported only when a PostgreSQL engine needs them
            from sqlalchemy.dialects.postgresql import UUID

            return dialect.type_descriptor(UUID(as_uuid=True))
        return dialect.type_descriptor(LargeBinary(16))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, uuid.UUID):
            value = uuid.UUID(str(value))
        return value if dialect.name == "postgresql" else value.bytes

    def process_result_value(self, value, dialect):
        if value is None or isinstance(value, uuid.UUID):
            return value
        return uuid.UUID(bytes=bytes(value))


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC; read back as aware UTC. Naive input is refused: it hides a time-zone bug."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)
