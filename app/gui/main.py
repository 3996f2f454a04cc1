"""Start the desk application: fonts and translations, open the data folder, first run or log in, then
the main window."""

# The layers below the GUI load before PySide6 does: once PySide6 is imported, its __feature__ import hook reads
# the source of every module imported after it, which for the store, the ops and their libraries (≈600 modules)
# costs ≈0.2 s of every start.
import asyncio  # noqa: F401  (for qasync: see run_event_loop)

from app.ops.desk import open_desk

# isort: split

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog

from app.core.errors import FrontDeskError
from app.core.settings import Settings
from app.gui.credentials import LoginDialog
from app.gui.first_run import FirstRunDialog
from app.gui.fonts import register_bundled_font
from app.gui.i18n import install_translator
from app.gui.main_window import MainWindow
from app.gui.messages import error_text, set_ui_language, show_failure
from app.gui.sync_service import run_event_loop
from app.sync.instance_lock import InstanceLock

log = logging.getLogger(__name__)


def run_gui(data_dir: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("FrontDesk")
    language = Settings.load(Path(data_dir)).get("ui.language")
    set_ui_language(language)
    try:
        register_bundled_font(app)
        install_translator(app, language)
    except FrontDeskError as err:
        show_failure(None, error_text(err))
        return 1
    try:
        instance = InstanceLock(Path(data_dir)).acquire()
    except FrontDeskError as err:
        show_failure(None, error_text(err))
        return 1
    try:
        desk = open_desk(Path(data_dir), daily_backup_later=True)
    except Exception as exc:
        if not isinstance(exc, FrontDeskError):
            log.exception("opening %s failed", data_dir)
        reason = error_text(exc) if isinstance(exc, FrontDeskError) else str(exc)
        text = QCoreApplication.translate("Startup", "The data folder {folder} cannot be opened:\n{reason}")
        show_failure(None, text.format(folder=data_dir, reason=reason))
        return 1
    try:
        actor = None
        while actor is None:
            if desk.needs_first_run():
                setup = FirstRunDialog(desk)
                if setup.exec() == QDialog.DialogCode.Accepted:
                    actor = setup.admin  # they have just set the password: no second login
                elif not setup.joined:  # joined a server: log in with its accounts (or make the first one)
                    return 0
            else:
                login = LoginDialog(desk)
                if login.exec() != QDialog.DialogCode.Accepted:
                    return 0
                actor = login.actor
        window = MainWindow(desk, actor)
        window.show()
        code = run_event_loop(app, on_start=window.start_background_work)
        window.daily_backup.wait()
        return code
    finally:
        desk.close()
        instance.release()
