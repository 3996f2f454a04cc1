"""Opening a desk's data folder: settings, a backup, the schema upgrade, the field key, the device row."""

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

import app.ops.catalog  # noqa: F401  (registers every op)
from app.core.clock import now, today_local
from app.core.crypto import FieldCipher
from app.core.errors import StorageError
from app.core.ids import new_id
from app.core.keystore import key_is_stored, load_or_create_key
from app.core.paths import database_path
from app.core.settings import Settings
from app.store.db import reading, sqlite_engine, transaction
from app.store.migrate import backup_database, current_revision, upgrade_to_head
from app.store.models import Clerk, Device, Person, Property


@dataclass
class Desk:
    data_dir: Path
    engine: Engine
    cipher: FieldCipher
    settings: Settings

    def device(self) -> Device:
        with reading(self.engine) as session:
            return session.get(Device, 1)

    def property_row(self) -> Property | None:
        device = self.device()
        if device.property_id is None:
            return None
        with reading(self.engine) as session:
            return session.get(Property, device.property_id)

    @property
    def property_id(self) -> uuid.UUID:
        device = self.device()
        if device.property_id is None:
            raise StorageError("本机尚未设置小区", "This desk has no property yet")
        return device.property_id

    def needs_first_run(self) -> bool:
        with reading(self.engine) as session:
            return session.scalar(select(func.count()).select_from(Clerk)) == 0

    def close(self) -> None:
        self.engine.dispose()


def _holds_encrypted_data(engine: Engine) -> bool:
    with reading(engine) as session:
        return session.scalar(select(Person.id).where(Person.id_number_enc != "").limit(1)) is not None


def open_desk(data_dir: Path, *, today: date | None = None) -> Desk:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings.load(data_dir)
    db_path = database_path(data_dir)
    is_new = not db_path.exists()
    engine = sqlite_engine(db_path)
    try:
        if not is_new:
            backup_database(db_path, data_dir, current_revision(engine), today or today_local(),
                            settings.get("backup.keep_days"))
        upgrade_to_head(engine)
        # A new key only for a store without encrypted data; the person table is looked through only then.
        may_create = not key_is_stored(data_dir) and (is_new or not _holds_encrypted_data(engine))
        key = load_or_create_key(data_dir, may_create=may_create)
        with transaction(engine) as session:
            if session.get(Device, 1) is None:
                session.add(Device(id=1, device_id=new_id(), created_at=now()))
    except Exception:
        engine.dispose()
        raise
    return Desk(data_dir, engine, FieldCipher(key), settings)
