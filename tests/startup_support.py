"""Data folders for the start-up tests: one left behind by a desk of an older schema."""

from alembic import command

from app.core.paths import database_path
from app.store.db import sqlite_engine
from app.store.migrate import alembic_config


def desk_folder_at(tmp_path, revision: str, name: str = "desk"):
    """A data folder whose database a desk of schema ``revision`` left behind (no clerk yet)."""
    data_dir = tmp_path / name
    data_dir.mkdir()
    engine = sqlite_engine(database_path(data_dir))
    command.upgrade(alembic_config(engine), revision)
    engine.dispose()
    return data_dir
