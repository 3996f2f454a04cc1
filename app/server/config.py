"""Where the server keeps its database: a SQLite file in its data folder by default (one property on a LAN), or
PostgreSQL by URL (several properties, several server processes). The same Alembic migrations build both."""

import os
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from app.store.db import sqlite_engine

DB_ENV = "FRONTDESK_SERVER_DB"
DATA_DIR_ENV = "FRONTDESK_SERVER_DATA"
SQLITE_FILENAME = "frontdesk-server.sqlite"


def server_data_dir() -> Path:
    configured = os.environ.get(DATA_DIR_ENV)
    return Path(configured).expanduser() if configured else user_data_path("FrontDeskServer", appauthor=False)


def database_url(db: str | None = None) -> str:
    """``--db`` if given, else $FRONTDESK_SERVER_DB, else the SQLite file in the server's data folder."""
    url = db or os.environ.get(DB_ENV)
    if url:
        return url
    folder = server_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / SQLITE_FILENAME}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        return sqlite_engine(url.removeprefix("sqlite:///"))
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
