"""Preview a printed document (QtPdf) and send it to the printer configured for its kind (QPrinter).

Printing comes after the business op has committed and the PDF is archived: a missing printer, a paper jam or
a cancelled print never undoes a payment. When no printer can be used the clerk is told so and where the archived
PDF is, and can reprint it later from the unit's statement (补打).
"""

import logging
import uuid

from PySide6.QtCore import QCoreApplication, QMarginsF, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.gui.billing_documents import (
    PaidReceipt,
    PrintedDocument,
    print_receipt,
    print_refund_slip,
    print_shift_statement,
)
from app.gui.context import DeskContext
from app.gui.messages import show_info
from app.gui.op_runner import OpRunner

log = logging.getLogger(__name__)

# Document kinds by paper, each with its own printer setting (printing.printer.<kind>).
RECEIPT_THERMAL = "receipt_thermal80"
RECEIPT_A5 = "receipt_a5"
A4 = "a4"
PRINTER_KINDS = (RECEIPT_THERMAL, RECEIPT_A5, A4)
MAX_RENDER_DPI = 300  # enough for text and QR codes; a 1200 dpi A4 bitmap would take half a gigabyte


def printer_setting(kind: str) -> str:
    return f"printing.printer.{kind}"


def receipt_kind(layout: str) -> str:
    return RECEIPT_A5 if layout == "a5" else RECEIPT_THERMAL


def kind_label(kind: str) -> str:
    labels = {
        RECEIPT_THERMAL: QCoreApplication.translate("PrintPreview", "80 mm thermal receipts"),
        RECEIPT_A5: QCoreApplication.translate("PrintPreview", "A5 three-part receipts"),
        A4: QCoreApplication.translate("PrintPreview", "A4 documents (shift statements, reports)"),
    }
    return labels[kind]


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``document`` onto ``printer`` at its own paper size; returns the pages sent."""
    painter = QPainter()
    pages = document.pageCount()
    for page in range(pages):
        size = document.pagePointSize(page)
        printer.setPageLayout(QPageLayout(QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch),
                                          QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        printer.setFullPage(True)
        if page == 0:
            if not painter.begin(printer):
                raise OSError(QCoreApplication.translate("PrintPreview", "The printer could not be started."))
        else:
            printer.newPage()
        device_dpi = printer.resolution()
        target = QSize(round(size.width() * device_dpi / 72), round(size.height() * device_dpi / 72))
        render_dpi = min(device_dpi, MAX_RENDER_DPI)
        image = document.render(page, QSize(round(size.width() * render_dpi / 72),
                                            round(size.height() * render_dpi / 72)))
        painter.drawImage(QRect(QPoint(0, 0), target), image)
    if pages:
        painter.end()
    return pages


def find_printer(name: str) -> QPrinterInfo | None:
    """The printer called ``name``, or the system default when ``name`` is empty; None if not installed."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    return None if info.isNull() else info


class PrintPreviewDialog(QDialog):
    """The archived PDF shown page by page; Enter prints on the chosen printer, Esc closes."""

    def __init__(self, context: DeskContext, printed: PrintedDocument, kind: str, title: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.printed, self.kind = context, printed, kind
        self.pages_printed = 0
        self.setWindowTitle(title)
        self.document = QPdfDocument(self)
        self.document.load(str(printed.path))
        self.view = QPdfView(self, objectName="pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth if kind == A4 else QPdfView.ZoomMode.FitInView)
        self.printer = QComboBox(objectName="printer")
        configured = context.desk.settings.get(printer_setting(kind))
        default = QPrinterInfo.defaultPrinterName()
        self.printer.addItem(self.tr("System default printer ({name})").format(name=default) if default
                             else self.tr("System default printer (none installed)"), "")
        names = QPrinterInfo.availablePrinterNames()
        for name in names:
            self.printer.addItem(name, name)
        if configured and configured not in names:
            self.printer.addItem(self.tr("{name} (not installed)").format(name=configured), configured)
        self.printer.setCurrentIndex(max(0, self.printer.findData(configured)))
        self.remember = QCheckBox(self.tr("Use this printer for {kind} from now on").format(kind=kind_label(kind)),
                                  objectName="rememberPrinter")
        copy = (self.tr("Reprint (补打) no. {count}").format(count=printed.reprint_no) if printed.reprint_no
                else self.tr("Original"))
        self.note = QLabel(self.tr("{copy} · archived as {path}").format(copy=copy, path=printed.path),
                           objectName="archiveNote", wordWrap=True)
        self.note.setStyleSheet("color: #555;")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("&Printer"), self.printer)
        form.addRow("", self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(self.tr("&Print"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, self.accept)
        self.resize(560 if kind != A4 else 820, 760)
        self.print_button.setFocus()

    def chosen_printer(self) -> str:
        return self.printer.currentData() or ""

    def accept(self) -> None:
        """Print and close; when it cannot print, say why and stay open (another printer, or Close: the
        document stays archived for a reprint)."""
        name = self.chosen_printer()
        info = find_printer(name)
        if info is None:
            what = self.tr("The printer “{name}” is not installed on this computer.").format(name=name) if name \
                else self.tr("No printer is installed on this computer.")
            show_info(self, what + "\n" + self.tr("Nothing is lost: the document is saved and kept in the archive "
                                                  "({path}); print it later from the unit's statement (补打).")
                      .format(path=self.printed.path))
            return
        try:
            self.pages_printed = print_pdf(self.document, QPrinter(info, QPrinter.PrinterMode.HighResolution))
        except OSError as err:
            log.warning("printing %s failed: %s", self.printed.path, err)
            show_info(self, self.tr("Printing failed: {error}\nThe document is kept in the archive ({path}).")
                      .format(error=err, path=self.printed.path))
            return
        if self.remember.isChecked():
            settings = self.context.desk.settings
            settings.set(printer_setting(self.kind), name)
            settings.save()
        super().accept()


def _print_and_preview(context: DeskContext, runner: OpRunner, parent: QWidget | None, render, paper,
                       title_of) -> PrintPreviewDialog | None:
    """Run ``render`` (render, archive and record the next copy) through the op runner, then preview it."""
    printed = runner.call(parent, render, changed="documents.record_print")
    if printed is None:
        return None
    dialog = PrintPreviewDialog(context, printed, paper, title_of(printed), parent)
    dialog.exec()
    return dialog


def preview_receipt(context: DeskContext, runner: OpRunner, payment_id: uuid.UUID,
                    parent: QWidget | None = None) -> PrintPreviewDialog | None:
    """Render the next copy of a payment's receipt (original, or 补打 n), archive it, record it and preview it."""
    layout = context.desk.settings.get("printing.receipt_layout")
    return _print_and_preview(
        context, runner, parent, lambda: print_receipt(context.desk, context.actor, payment_id, layout),
        receipt_kind(layout),
        lambda printed: (QCoreApplication.translate("PrintPreview", "Receipt — reprint (补打) no. {count}")
                         .format(count=printed.reprint_no) if printed.reprint_no
                         else QCoreApplication.translate("PrintPreview", "Receipt")))


def preview_paid_receipt(context: DeskContext, runner: OpRunner, paid: PaidReceipt,
                         parent: QWidget | None = None) -> PrintPreviewDialog | None:
    """Preview the original receipt made with the payment (``pay_and_print``); if it failed to render there, make
    it now like any copy (which says why, should it fail again)."""
    if paid.printed is None:
        return preview_receipt(context, runner, paid.recorded.payment_id, parent)
    dialog = PrintPreviewDialog(context, paid.printed, receipt_kind(paid.layout),
                                QCoreApplication.translate("PrintPreview", "Receipt"), parent)
    dialog.exec()
    return dialog


def preview_shift_statement(context: DeskContext, runner: OpRunner, shift_id: uuid.UUID,
                            parent: QWidget | None = None) -> PrintPreviewDialog | None:
    return _print_and_preview(
        context, runner, parent, lambda: print_shift_statement(context.desk, context.actor, shift_id), A4,
        lambda printed: QCoreApplication.translate("PrintPreview", "Shift statement"))


def preview_refund_slip(context: DeskContext, runner: OpRunner, refund_id: uuid.UUID,
                        parent: QWidget | None = None) -> PrintPreviewDialog | None:
    """Render the next copy of a refund slip (退款凭证, on the thermal receipt printer), archive, record, preview."""
    return _print_and_preview(
        context, runner, parent, lambda: print_refund_slip(context.desk, context.actor, refund_id), RECEIPT_THERMAL,
        lambda printed: (QCoreApplication.translate("PrintPreview", "Refund slip — reprint (补打) no. {count}")
                         .format(count=printed.reprint_no) if printed.reprint_no
                         else QCoreApplication.translate("PrintPreview", "Refund slip")))
