"""Opening a desk's data folder: settings, a backup, the schema upgrade, the field key, the device row."""

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.core.clock import now, today_local
from app.core.crypto import FieldCipher
from app.core.errors import StorageError
from app.core.ids import new_id
from app.core.keystore import key_is_stored, load_or_create_key
from app.core.paths import database_path
from app.core.settings import Settings
from app.store.db import reading, sqlite_engine, transaction
from app.store.migrate import backup_database, current_revision, head_revision, upgrade_to_head
from app.store.models import Clerk, Device, Person, Property


@dataclass
class Desk:
    data_dir: Path
    engine: Engine
    cipher: FieldCipher
    settings: Settings
    backup_due: date | None = None  # the day whose backup open_desk left for later (see back_up)
    is_open: ClassVar[bool] = True  # (an OpeningDesk is not, until its store is opened)

    def back_up(self) -> Path | None:
        """The daily backup open_desk was asked to leave for later (the desk program makes it, off the window's
        thread, right after its first frame); the backup's path, None when none was due."""
        day, self.backup_due = self.backup_due, None
        if day is None:
            return None
        db_path = database_path(self.data_dir)
        try:
            return backup_database(db_path, self.data_dir, current_revision(self.engine), day,
                                   self.settings.get("backup.keep_days"))
        except Exception as exc:
            raise StorageError(f"今天的数据库备份没有完成（{exc}），请检查数据目录所在磁盘的空间和权限",
                               f"Today's database backup did not finish ({exc}); check the data folder's disk "
                               "space and permissions") from exc

    def device(self) -> Device:
        with reading(self.engine) as session:
            return session.get(Device, 1)

    def property_row(self) -> Property | None:
        device = self.device()
        if device.property_id is None:
            return None
        with reading(self.engine) as session:
            return session.get(Property, device.property_id)

    def property_name(self) -> str | None:
        prop = self.property_row()
        return prop.name if prop else None

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


def open_desk(data_dir: Path, *, today: date | None = None, daily_backup_later: bool = False,
              settings: Settings | None = None) -> Desk:
    """Open (or make) the data folder's database: back it up (one copy per schema version and day), upgrade it to
    head, load the field key. With ``daily_backup_later`` a database that needs no upgrade is not copied here:
    the caller runs ``Desk.back_up`` once it is up (a 500 MB database takes seconds to copy). A database that
    needs an upgrade is always backed up first. ``settings``: the folder's, when the caller has loaded them."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings.load(data_dir) if settings is None else settings
    db_path = database_path(data_dir)
    is_new = not db_path.exists()
    engine = sqlite_engine(db_path)
    backup_due = None
    try:
        if not is_new:
            revision, day = current_revision(engine), today or today_local()
            if daily_backup_later and revision == head_revision():
                backup_due = day
            else:
                backup_database(db_path, data_dir, revision, day, settings.get("backup.keep_days"))
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
    return Desk(data_dir, engine, FieldCipher(key), settings, backup_due)
