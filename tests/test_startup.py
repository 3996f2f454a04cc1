"""A desk at head starts without Alembic: the revision is read with plain SQL and the head from the migration
scripts, and both agree with what Alembic says; an older database is still backed up, then upgraded."""

import sqlite3
from datetime import date

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.ops.desk import open_desk
from app.store.db import sqlite_engine
from app.store.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from app.store.revisions import script_revisions
from tests.fresh_process import ROOT, not_loaded, run_fresh
from tests.startup_support import desk_folder_at


def alembic_head() -> str:
    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def test_the_head_read_from_the_scripts_is_alembics_head():
    assert head_revision() == alembic_head()
    scripts = ScriptDirectory.from_config(alembic_config(None))
    downs = {script.revision: script.down_revision for script in scripts.walk_revisions()}
    assert script_revisions(ROOT / "migrations" / "versions") == {
        revision: (down,) if isinstance(down, str) else tuple(down or ()) for revision, down in downs.items()}


def test_the_head_of_scripts_with_a_branch_is_left_to_alembic(tmp_path, monkeypatch):
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, revision, down in (("a", "0001", None), ("b", "0002", "0001"), ("c", "0003", "0002")):
        (versions / f"{name}.py").write_text(f"revision = {revision!r}\ndown_revision = {down!r}\n")
    assert script_revisions(versions) == {"0001": (), "0002": ("0001",), "0003": ("0002",)}
    (versions / "d.py").write_text("revision: str = '0004'\ndown_revision: str | None = '0002'\n")
    asked = []
    monkeypatch.setattr("alembic.script.ScriptDirectory.get_current_head", lambda self: asked.append(1) or "x")
    monkeypatch.setattr("app.store.migrate.migrations_dir", lambda: tmp_path)
    assert head_revision() == "x" and asked  # two heads (0003, 0004): Alembic raises or decides, not us


def test_the_revision_read_with_sql_is_alembics(tmp_path):
    engine = sqlite_engine(tmp_path / "x.sqlite")
    assert current_revision(engine) is None
    command.upgrade(alembic_config(engine), "0003")
    with engine.connect() as connection:
        assert current_revision(engine) == MigrationContext.configure(connection).get_current_revision() == "0003"
    assert upgrade_to_head(engine) is True
    assert current_revision(engine) == head_revision()
    assert upgrade_to_head(engine) is False  # at head: nothing to run
    engine.dispose()


def test_an_older_database_is_backed_up_before_it_is_upgraded(tmp_path):
    data_dir = desk_folder_at(tmp_path, "0004")
    desk = open_desk(data_dir, today=date(2026, 11, 28))
    assert current_revision(desk.engine) == head_revision()
    desk.close()
    backup = data_dir / "backups" / "frontdesk-0004-20261128.sqlite"
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
    copy.close()


def test_opening_a_desk_at_head_does_not_import_alembic(desk):
    data_dir = desk.data_dir
    desk.close()
    out = run_fresh("from pathlib import Path\nfrom app.ops.desk import open_desk\n"
                    f"desk = open_desk(Path({str(data_dir)!r}))\nprint(desk.property_row().name)\ndesk.close()\n"
                    + not_loaded(("alembic", "mako", "httpx")), FRONTDESK_KEYSTORE="file")
    assert out.strip() == "翠湖花园"


def test_a_desk_at_head_can_leave_its_daily_backup_for_later(desk):
    data_dir = desk.data_dir
    desk.close()
    later = open_desk(data_dir, today=date(2026, 11, 28), daily_backup_later=True)
    backups = data_dir / "backups"
    assert not backups.exists() and later.backup_due == date(2026, 11, 28)
    made = later.back_up()
    assert made == backups / f"frontdesk-{head_revision()}-20261128.sqlite" and made.exists()
    assert later.backup_due is None and later.back_up() is None  # once
    later.close()


def test_a_database_to_upgrade_is_backed_up_first_even_when_the_daily_backup_may_wait(tmp_path):
    data_dir = desk_folder_at(tmp_path, "0004")
    desk = open_desk(data_dir, today=date(2026, 11, 28), daily_backup_later=True)
    assert desk.backup_due is None and current_revision(desk.engine) == head_revision()
    desk.close()
    assert [p.name for p in (data_dir / "backups").iterdir()] == ["frontdesk-0004-20261128.sqlite"]


def test_the_op_modules_are_registered_on_the_registrys_first_use():
    """A desk opens without importing the op modules; the first look-up (spec_for, registered_ops, so any op run)
    registers every op, in a process where nothing else imported them."""
    script = ("import sys\nimport app.ops.desk\nfrom app.ops import runner\n"
              "late = ('app.ops.catalog', 'app.ops.billing.payments', 'app.ops.documents', 'app.store.replication')\n"
              "assert not [m for m in late if m in sys.modules], [m for m in late if m in sys.modules]\n"
              "spec = runner.spec_for('billing.record_payment')\n"
              "assert spec.name == 'billing.record_payment'\n"
              "names = {s.name for s in runner.registered_ops()}\n"
              "assert {'registry.patch', 'clerks.create', 'billing.void_payment', 'billing.record_meter_reading'} <= names\n"
              "before = len(runner.registered_ops())\n"
              "import app.ops.catalog\n"
              "assert len(runner.registered_ops()) == before\n")
    run_fresh(script)
