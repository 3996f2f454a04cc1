"""The local store: migrations, backups before upgrade, the key outside the database, the audit chain."""

import os
import sqlite3
import stat
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlmodel import SQLModel

from app.cli import main
from app.core.errors import StorageError
from app.core.paths import database_path
from app.ops.desk import open_desk
from app.store.audit import verify_chain
from app.store.db import reading, sqlite_engine
from app.store.migrate import (
    backup_database,
    current_revision,
    head_revision,
    include_object,
    upgrade_to_head,
)
from app.store.models import Person
from tests.conftest import add_person, make_unit

ID_NUMBER = "11010519491231002X"


def test_migrations_build_the_whole_schema_from_an_empty_database(tmp_path):
    engine = sqlite_engine(tmp_path / "empty.sqlite")
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"


def test_the_desk_database_runs_wal_with_foreign_keys_and_full_sync(desk):
    with desk.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_opening_backs_up_first_named_by_schema_version_and_date(desk):
    data_dir = desk.data_dir
    desk.close()
    reopened = open_desk(data_dir, today=date(2026, 11, 28))
    reopened.close()
    backups = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert backups == [f"frontdesk-{head_revision()}-20261128.sqlite"]
    copy = sqlite3.connect(data_dir / "backups" / backups[0])
    assert copy.execute("SELECT count(*) FROM clerk").fetchone()[0] == 1
    copy.close()


def test_old_daily_backups_are_pruned(tmp_path):
    db = tmp_path / "x.sqlite"
    sqlite3.connect(db).close()
    for day in (1, 10, 20):
        backup_database(db, tmp_path, "0001", date(2026, 11, day), keep_days=14)
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [
        "frontdesk-0001-20261110.sqlite", "frontdesk-0001-20261120.sqlite"]


def test_no_plain_id_number_anywhere_in_the_database_files(desk, admin):
    unit_id = make_unit(desk, admin)
    add_person(desk, admin, unit_id, "欧阳修", id_number=ID_NUMBER)
    with reading(desk.engine) as s:
        person = s.scalar(select(Person).where(Person.name == "欧阳修"))
    assert person.id_number_masked == "110***********002X"
    assert desk.cipher.decrypt(person.id_number_enc) == ID_NUMBER
    data_dir = desk.data_dir
    for path in data_dir.glob("frontdesk.sqlite*"):
        blob = path.read_bytes()
        assert ID_NUMBER.encode() not in blob and ID_NUMBER.encode("utf-16-le") not in blob, path.name


def test_the_key_lives_outside_the_database_readable_by_the_owner_only(desk):
    key_file = desk.data_dir / "keys" / "field.key"
    assert key_file.exists()
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_bytes() not in database_path(desk.data_dir).read_bytes()


def test_a_lost_key_is_never_silently_replaced(desk, admin):
    unit_id = make_unit(desk, admin)
    add_person(desk, admin, unit_id, "张三", id_number=ID_NUMBER)
    data_dir = desk.data_dir
    desk.close()
    exported = main_output(["key", "export", "--data-dir", str(data_dir)])
    (data_dir / "keys" / "field.key").unlink()
    (data_dir / "keys" / "location").unlink()
    with pytest.raises(StorageError, match="找不到本数据目录的加密密钥"):
        open_desk(data_dir)
    # Restoring the exported key brings the encrypted numbers back.
    from app.core.keystore import import_key

    import_key(data_dir, exported)
    restored = open_desk(data_dir)
    with reading(restored.engine) as s:
        assert restored.cipher.decrypt(s.scalar(select(Person.id_number_enc))) == ID_NUMBER
    restored.close()


def main_output(argv) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue().strip()


def test_audit_verify_passes_then_names_the_first_edited_entry(desk, admin, capsys):
    unit_id = make_unit(desk, admin)
    add_person(desk, admin, unit_id, "张三")
    report = verify_chain(desk.engine)
    assert report.ok and report.entries >= 4
    assert main(["audit", "verify", "--data-dir", str(desk.data_dir)]) == 0
    assert "校验通过" in capsys.readouterr().out

    raw = sqlite3.connect(database_path(desk.data_dir))
    raw.execute("UPDATE audit_log SET detail = replace(detail, 'registry', 'REGISTRY') WHERE seq = 3")
    raw.commit()
    raw.close()
    report = verify_chain(desk.engine)
    assert report.first_broken_seq == 3 and report.reason == "entry content changed"
    assert main(["audit", "verify", "--data-dir", str(desk.data_dir)]) == 2
    assert "第 3 条" in capsys.readouterr().err


def test_audit_verify_notices_a_deleted_entry(desk, admin):
    make_unit(desk, admin)
    raw = sqlite3.connect(database_path(desk.data_dir))
    raw.execute("DELETE FROM audit_log WHERE seq = 2")
    raw.commit()
    raw.close()
    assert verify_chain(desk.engine).first_broken_seq == 2
