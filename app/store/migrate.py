"""Open the desk's database: back it up, then upgrade the schema to head (Alembic, batch mode on SQLite)."""

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

import app.store.schema  # noqa: F401  (the whole schema, whoever opens the store)
from app.core.paths import backups_dir, migrations_dir
from app.store.search_index import ensure_search_index


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate compares only the tables the models declare: the search index's FTS5 tables (made by
    hand-written SQL) are not models and must never be dropped by a generated revision."""
    return not (type_ == "table" and reflected and compare_to is None)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()


def upgrade_to_head(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "head")
    if engine.dialect.name == "sqlite":
        ensure_search_index(engine)


def backup_database(db_path: Path, data_dir: Path, revision: str | None, today: date, keep_days: int) -> Path | None:
    """Copy the database (consistently, through SQLite's backup API) to
    ``backups/frontdesk-<revision>-<date>.sqlite``; one per schema version and day; prune old ones."""
    if not db_path.exists():
        return None
    target_dir = backups_dir(data_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"frontdesk-{revision or 'empty'}-{today:%Y%m%d}.sqlite"
    if not target.exists():
        partial = target.with_suffix(".partial")
        source = sqlite3.connect(db_path)
        try:
            dest = sqlite3.connect(partial)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        shutil.move(partial, target)
    _prune(target_dir, today - timedelta(days=keep_days))
    return target


def _prune(folder: Path, before: date) -> None:
    for old in folder.glob("frontdesk-*-*.sqlite"):
        stamp = old.stem.rsplit("-", 1)[-1]
        if stamp.isdigit() and len(stamp) == 8 and stamp < f"{before:%Y%m%d}":
            old.unlink(missing_ok=True)
