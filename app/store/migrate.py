"""Open the desk's database: back it up, then upgrade the schema to head (Alembic, batch mode on SQLite).

Alembic (≈0.5 s of imports) is loaded only when there is something to upgrade: the database's revision is read
from ``alembic_version`` with plain SQL and the head from the migration scripts (app.store.revisions), so a desk
already at head starts without it."""

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

import app.store.schema  # noqa: F401  (the whole schema, whoever opens the store)
from app.core.paths import backups_dir, migrations_dir
from app.store.db import transaction
from app.store.revisions import VERSION_TABLE, scripts_head
from app.store.search_index import drop_search_schema, ensure_search_index


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate compares only the tables the models declare: the search index's FTS5 tables (made by
    hand-written SQL) are not models and must never be dropped by a generated revision."""
    return not (type_ == "table" and reflected and compare_to is None)


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it has no schema yet), as Alembic would report it."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars().all()
    if len(versions) > 1:  # branches: let Alembic say what it says about them
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    return versions[0] if versions else None


def head_revision() -> str:
    """The newest revision of the migration scripts (Alembic's single head)."""
    head = scripts_head(migrations_dir() / "versions")
    if head is not None:
        return head
    # Anything unusual (two heads, a revision the scripts do not hold, no sources): Alembic decides.
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def upgrade_to_head(engine: Engine, *, search_index: bool = True) -> bool:
    """Run Alembic's upgrade if the database is not at head (True when it ran); then, on SQLite, make sure the
    search index matches this code — or, with ``search_index=False`` (a server, which has no search box), that
    there is none: its triggers would cost every insert of a unit, person or vehicle several times over."""
    upgraded = current_revision(engine) != head_revision()
    if upgraded:
        from alembic import command

        command.upgrade(alembic_config(engine), "head")
    if engine.dialect.name == "sqlite":
        if search_index:
            ensure_search_index(engine)
        else:
            with transaction(engine) as session:
                drop_search_schema(session.connection())
    return upgraded


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
