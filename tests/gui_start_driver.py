"""Plays the clerk at ``run_gui`` in a fresh interpreter (tests/test_startup_run_gui.py runs it with
``run_fresh``): notes each window's first paint — which window, which of the store's modules were loaded by then,
the data folder's backups and schema revision at that moment — logs in once the store behind the login dialog is
open (it never does before: a login that waits for the store is a test that gives up), fills in or cancels
a first run, notes and dismisses message boxes, and closes the main window once it has
painted. Prints one JSON line: the exit code, the paints, the messages.

    python -c "from tests.gui_start_driver import main; main(DATA_DIR, PASSWORD, FIRST_RUN)"

It imports nothing of the store itself: what is loaded at a paint is the program's doing."""

import json
import os
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

STORE_MODULES = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "app.store.db", "app.store.models",
                 "app.store.search", "app.ops.desk", "app.ops.runner", "app.ops.clerks", "app.gui.tabs.cashier",
                 "app.gui.tabs.op_log", "app.gui.tabs.accounts")
GIVE_UP_MS = 30_000
PAINTED = "startDriverPainted"  # a window's dynamic property: its first paint is recorded


def store_modules_loaded() -> list[str]:
    return [name for name in STORE_MODULES if name in sys.modules]


def revision(data_dir: Path) -> str | None:
    db = data_dir / "frontdesk.sqlite"
    if not db.exists():
        return None
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def main(data_dir: str, password: str, first_run: str = "cancel") -> None:
    from app.gui.main import run_gui

    folder = Path(data_dir)
    app = QApplication.instance() or QApplication([])
    paints: list[dict] = []
    messages: list[str] = []

    class FirstPaints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and watched.isWidgetType() and watched.isWindow() \
                    and not watched.property(PAINTED) and not isinstance(watched, QMessageBox):
                watched.setProperty(PAINTED, True)  # (not id(): a new window may get a closed one's id)
                desk = getattr(watched, "desk", None) or getattr(getattr(watched, "context", None), "desk", None)
                paints.append({"window": type(watched).__name__, "loaded": store_modules_loaded(),
                               "store_open": getattr(desk, "is_open", None), "title": watched.windowTitle(),
                               "revision": revision(folder),
                               "backups": sorted(p.name for p in (folder / "backups").glob("*.sqlite"))})
            return False

    def act() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                messages.append(widget.text())
                widget.accept()
            if not widget.isVisible() or not widget.property(PAINTED):
                continue
            kind = type(widget).__name__
            if kind == "LoginDialog" and widget.desk.is_open and not widget.form.password.text():
                widget.form.username.setText("admin")
                widget.form.password.setText(password)
                QTest.keyClick(widget.form.password, Qt.Key.Key_Return)
            elif kind == "FirstRunDialog" and first_run == "fill":
                for field, value in ((widget.property_code, "LHY"), (widget.property_name, "绿荷苑"),
                                     (widget.display_name, "王经理"), (widget.password, password),
                                     (widget.password_again, password)):
                    field.setText(value)
                widget.accept()
            elif kind == "FirstRunDialog":
                widget.reject()
            elif kind == "MainWindow" and widget.first_frame_drawn:
                paints[-1]["tabs"] = widget.tabs.tab_keys()
                widget.close()

    def give_up() -> None:
        print(json.dumps({"gave_up": True, "paints": paints, "messages": messages}, ensure_ascii=False), flush=True)
        os._exit(3)

    app.installEventFilter(FirstPaints(app))
    clerk = QTimer(app, interval=30)
    clerk.timeout.connect(act)
    clerk.start()
    QTimer.singleShot(GIVE_UP_MS, give_up)
    code = run_gui(folder)
    print(json.dumps({"code": code, "paints": paints, "messages": messages}, ensure_ascii=False), flush=True)
