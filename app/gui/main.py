"""Start the desk application: fonts and translations, a look at the data folder, the login dialog painted before
the store is loaded (it opens behind the dialog while the clerk types, and the main window's modules load), then
the main window.

A data folder that is new, needs a schema upgrade, has no clerk yet or looks unusual in any way (app.store.peek)
takes the full path instead: the store is opened — backed up, then upgraded — before any window, then the first
run or the login."""

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from app.core.errors import FrontDeskError
from app.core.settings import Settings
from app.gui.first_frame import AfterFirstFrame, open_failure_text, open_store
from app.gui.fonts import register_bundled_font
from app.gui.i18n import install_translator
from app.gui.messages import error_text, set_ui_language, show_failure
from app.ops.actor import Actor
from app.ops.desk_opening import OpeningDesk
from app.store.peek import peek_desk
from app.sync.instance_lock import InstanceLock


def run_gui(data_dir: Path) -> int:
    data_dir = Path(data_dir)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("FrontDesk")
    settings = Settings.load(data_dir)
    language = settings.get("ui.language")
    set_ui_language(language)
    try:
        register_bundled_font(app)
        install_translator(app, language)
        instance = InstanceLock(data_dir).acquire()
    except FrontDeskError as err:
        show_failure(None, error_text(err))
        return 1
    try:
        return _run_desk(app, data_dir, settings)
    finally:
        instance.release()


def _run_desk(app: QApplication, data_dir: Path, settings: Settings) -> int:
    peek = peek_desk(data_dir)
    if peek is not None:
        desk = OpeningDesk(data_dir, peek, settings)
    else:
        from app.ops.desk import open_desk

        try:
            desk = open_desk(data_dir, daily_backup_later=True, settings=settings)
        except Exception as exc:
            show_failure(None, open_failure_text(data_dir, exc))
            return 1
    try:
        actor = _clerk_at_the_desk(desk)
        if not isinstance(actor, Actor):
            return actor
        from app.gui.main_window import MainWindow
        from app.gui.sync_service import run_event_loop

        window = MainWindow(desk.open() if isinstance(desk, OpeningDesk) else desk, actor)
        window.show()
        code = run_event_loop(app, on_start=window.start_background_work)
        window.daily_backup.wait()
        return code
    finally:
        desk.close()


def _clerk_at_the_desk(desk) -> Actor | int:
    """The clerk who logs in, or the administrator a first run has just made (no second login); else the exit
    code: 0 when the clerk cancelled, 1 when the store behind the login dialog could not be opened."""
    while desk.is_open and desk.needs_first_run():
        from app.gui.first_run import FirstRunDialog

        setup = FirstRunDialog(desk)
        if setup.exec() == QDialog.DialogCode.Accepted:
            return setup.admin
        if not setup.joined:  # joined a server: log in with its accounts (or make the first one)
            return 0
    return _log_in(desk)


def _log_in(desk) -> Actor | int:
    from app.gui.credentials import LoginDialog  # (not loaded by a window built without a login: the bench's)

    login = LoginDialog(desk)
    failed = False

    def open_behind() -> None:
        nonlocal failed
        if not open_store(desk, login):
            failed = True
            login.reject()
            return
        # The main window's modules too, while the clerk types rather than after the OK.
        import qasync  # noqa: F401  (run_event_loop's)

        import app.gui.household_detail  # noqa: F401
        import app.gui.main_window  # noqa: F401
        import app.gui.tabs.accounts  # noqa: F401  (the tabs' modules: app.gui.tabs holds only their specs)
        import app.gui.tabs.cashier  # noqa: F401
        import app.gui.tabs.op_log  # noqa: F401

    if not desk.is_open:
        AfterFirstFrame(login).add(open_behind)
    if login.exec() != QDialog.DialogCode.Accepted:
        return 1 if failed else 0
    return login.actor
