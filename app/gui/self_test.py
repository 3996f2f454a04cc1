"""`frontdesk --self-test`: prove an installed copy works end to end without touching real data.

In a throw-away data folder it opens a desk (migrations, database, key store), runs the first-run ops, then
starts Qt with the bundled font and the Chinese translations, renders a receipt PDF and draws it with QtPdf
(the print preview's path), paints the main window (offscreen unless a display is asked for) and checks what
a clerk would see. Prints a JSON report; exit code 0 when all is well.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

SAMPLE_TEXT = "住户房号业主登录主管审批"


def _receipt_renders(app) -> bool:
    """An 80 mm receipt made by reportlab with the bundled font, loaded and drawn by QtPdf as the preview does."""
    from datetime import UTC, datetime

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    from app.printing.receipt import ReceiptData, ReceiptLine, TenderLine, render_receipt

    receipt = ReceiptData(
        property_name="自检小区物业服务中心", receipt_no="TEST-T00-2026-000001", unit_code="1-1-101",
        payer_masked="张*", lines=[ReceiptLine("物业费", "2026-11", 12345)], tenders=[TenderLine("现金", 12345)],
        total_fen=12345, cashier_name="自检", paid_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        qr_payload="self-test")
    buffer = QBuffer(app)
    buffer.setData(QByteArray(render_receipt(receipt, "thermal80")))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(app)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        return False
    return not document.render(0, QSize(400, 600)).isNull()


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

            report["receipt_pdf_renders"] = _receipt_renders(app)

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
          and report.get("receipt_pdf_renders")
          and report.get("font") == "WenQuanYi Micro Hei" and report.get("qt_cancel_button") == "取消")
    report["ok"] = bool(ok)
    print(json.dumps(report, ensure_ascii=False))
    return 0 if ok else 1
