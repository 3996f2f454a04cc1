"""`frontdesk --self-test`: prove an installed copy works end to end without touching real data.

In a throw-away data folder it opens a desk (migrations, database, key store), runs the first-run ops, then
starts Qt with the bundled font and the Chinese translations, paints the main window (offscreen unless a
display is asked for) and checks what a clerk would see. Prints a JSON report; exit code 0 when all is well.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

SAMPLE_TEXT = "住户房号业主登录主管审批"


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QRawFont
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from app.gui.fonts import register_bundled_font
    from app.gui.i18n import install_translator
    from app.gui.main_window import MainWindow
    from app.gui.messages import set_ui_language
    from app.ops.desk import open_desk
    from app.ops.setup import first_run
    from app.store.audit import verify_chain

    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="frontdesk-self-test-") as folder:
        desk = open_desk(Path(folder) / "data")
        try:
            admin = first_run(desk, property_code="TEST", property_name="自检小区", admin_username="selftest",
                              admin_display_name="自检", admin_password=os.urandom(12).hex())
            report["audit_chain_ok"] = verify_chain(desk.engine).ok

            app = QApplication.instance() or QApplication(sys.argv)
            report["font"] = register_bundled_font(app)
            install_translator(app, "zh_CN")
            set_ui_language("zh_CN")
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # worded by Qt's own qtbase_zh_CN
            report["qt_cancel_button"] = buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
            glyphs = QRawFont.fromFont(app.font()).glyphIndexesForString(SAMPLE_TEXT)
            report["chinese_glyphs_present"] = bool(glyphs) and 0 not in glyphs

            window = MainWindow(desk, admin)
            painted: list[bool] = []

            class FirstPaint(QObject):
                def eventFilter(self, watched, event):
                    if watched is window and event.type() == QEvent.Type.Paint and not painted:
                        painted.append(True)
                        QTimer.singleShot(0, app.quit)
                    return False

            watcher = FirstPaint()
            window.installEventFilter(watcher)
            QTimer.singleShot(20_000, app.quit)  # never hang an installer check
            window.show()
            app.exec()
            report["window_title"] = window.windowTitle()
            report["main_window_painted"] = bool(painted)
            window.close()
        finally:
            desk.close()

    ok = (report.get("audit_chain_ok") and report.get("main_window_painted") and report.get("chinese_glyphs_present")
          and report.get("font") == "WenQuanYi Micro Hei" and report.get("qt_cancel_button") == "取消")
    report["ok"] = bool(ok)
    print(json.dumps(report, ensure_ascii=False))
    return 0 if ok else 1
