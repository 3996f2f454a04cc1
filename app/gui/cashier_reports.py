"""Reports for supervisors and finance: the daily report across cashiers (日结) with the Excel export of the
day's ledger (收费台账), and the invoice list (待开 / 已开 / 未开) finance exports and marks issued."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import to_local, today_local
from app.domain.money import format_yuan
from app.domain.payments import INVOICE_STATUS_ZH, TENDER_ZH, InvoiceStatus, TenderMethod
from app.gui.cashier_adjust import MarkInvoicedDialog
from app.gui.cashier_shift import over_short_text
from app.gui.cashier_widgets import big_label, yuan_text
from app.gui.context import DeskContext
from app.gui.forms import date_edit, from_qdate
from app.gui.messages import show_info
from app.gui.op_runner import OpRunner
from app.gui.tables import ActionTable
from app.ops.billing.exports import export_day_ledger, export_invoice_list
from app.store.billing_reports import daily_report, invoice_list

REPORT = "billing.report"
ISSUE = "billing.invoice_issue"


def methods_text(by_method: dict[str, int]) -> str:
    order = list(TenderMethod)
    return "  ".join(f"{TENDER_ZH[TenderMethod(m)]} {format_yuan(fen)}"
                     for m, fen in sorted(by_method.items(), key=lambda kv: order.index(TenderMethod(kv[0]))))


def save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    kinds = QCoreApplication.translate("CashierReports", "Excel (*.xlsx)")
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, kinds)
    if not path:
        return None
    target = Path(path)
    return target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx")


class DailyReportDialog(QDialog):
    def __init__(self, runner: OpRunner, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.context = runner, context
        self.setWindowTitle(self.tr("Daily report (日结)"))
        self.day = date_edit(today_local(), object_name="reportDay")
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.summary = big_label("reportSummary", 12)
        self.summary.setWordWrap(True)
        self.cashiers = ActionTable([self.tr("Cashier"), self.tr("Receipts"), self.tr("Taken"),
                                     self.tr("By method"), self.tr("Voided"), self.tr("Refunded")], stretch_column=3)
        self.cashiers.setObjectName("reportCashiers")
        self.items = ActionTable([self.tr("Item"), self.tr("Amount")], stretch_column=0)
        self.shifts = QLabel(objectName="reportShifts", wordWrap=True)
        self.export_button = self.cashiers.add_button(self.tr("&Export the day's ledger (Excel)…"), self.choose_export,
                                                      object_name="exportLedger")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("&Day"), buddy=self.day))
        top.addWidget(self.day)
        top.addStretch(1)
        tables = QHBoxLayout()
        tables.addWidget(self.cashiers, 3)
        tables.addWidget(self.items, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)
        layout.addWidget(self.shifts)
        layout.addWidget(buttons)
        self.resize(1000, 520)
        self.reload()

    def chosen_day(self) -> date:
        return from_qdate(self.day.date())

    def reload(self) -> None:
        report = daily_report(self.context.engine, self.chosen_day())
        self.summary.setText(self.tr("{day}: {amount} taken on {count} receipts · {voids} voided ({void_amount}) · "
                                     "{refund_amount} refunded\n{methods}").format(
            day=report.day.isoformat(), amount=yuan_text(report.received_fen),
            count=sum(c.payment_count for c in report.cashiers), voids=report.void_count,
            void_amount=yuan_text(report.void_fen), refund_amount=yuan_text(report.refund_fen),
            methods=methods_text(report.by_method)))
        self.cashiers.set_rows([(c.cashier_name, (c.cashier_name, str(c.payment_count), format_yuan(c.received_fen),
                                                  methods_text(c.by_method), str(c.void_count),
                                                  format_yuan(c.refund_fen))) for c in report.cashiers])
        self.items.set_rows([(name, (name, format_yuan(fen))) for name, fen in sorted(report.by_item.items())])
        closed = [self.tr("{cashier} ({terminal}): cash {result}").format(
            cashier=name, terminal=terminal, result=over_short_text(fen)) for name, terminal, fen in
            report.cash_over_short]
        self.shifts.setText(self.tr("Shifts closed: {list}").format(list="；".join(closed)) if closed
                            else self.tr("No shift was closed on this day."))
        self.export_button.setEnabled(self.context.actor.can(REPORT))

    def choose_export(self) -> None:
        day = self.chosen_day()
        path = save_path(self, self.tr("Export the day's ledger"), f"收费台账{day:%Y%m%d}.xlsx")
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> int | None:
        rows = self.runner.call(self, lambda: export_day_ledger(self.context.engine, self.context.actor,
                                                                self.chosen_day(), path))
        if rows is not None:
            show_info(self, self.tr("{count} ledger rows written to {path}.").format(count=rows, path=path))
        return rows


class InvoiceListDialog(QDialog):
    """Payments by invoice status for finance: 待开 first; export to Excel, record an invoice as issued."""

    def __init__(self, runner: OpRunner, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.context = runner, context
        self.setWindowTitle(self.tr("Invoice list"))
        self.status = QComboBox(objectName="invoiceStatus")
        for status in (InvoiceStatus.REQUESTED, InvoiceStatus.ISSUED, InvoiceStatus.NONE):
            self.status.addItem(INVOICE_STATUS_ZH[status], status.value)
        self.status.addItem(self.tr("All"), None)
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = ActionTable([self.tr("Receipt"), self.tr("Paid at"), self.tr("Unit"), self.tr("Payer"),
                                  self.tr("Invoice title"), self.tr("Items"), self.tr("Amount"), self.tr("Status"),
                                  self.tr("Invoice no.")], stretch_column=5)
        self.table.setObjectName("invoiceTable")
        self.issue_button = self.table.add_button(self.tr("Record &issued invoice…"), self.mark_issued,
                                                  needs_row=True, object_name="markIssued")
        self.table.add_button(self.tr("E&xport (Excel)…"), self.choose_export, object_name="exportInvoices")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("&Status"), buddy=self.status))
        top.addWidget(self.status)
        top.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1000, 480)
        self.reload()

    def reload(self) -> None:
        rows = invoice_list(self.context.engine, self.status.currentData())
        self.issue_button.setProperty("allowed", self.context.actor.can(ISSUE))
        self.table.set_rows([(r.payment_id, (r.receipt_no, to_local(r.paid_at).strftime("%Y-%m-%d %H:%M"),
                                             r.unit_code, r.payer_name, r.invoice_title, r.items,
                                             format_yuan(r.total_fen), r.invoice_label, r.invoice_ref))
                             for r in rows])

    def mark_issued(self) -> None:
        key = self.table.current_key()
        if key is not None and MarkInvoicedDialog(self.runner, [key], self).exec():
            self.reload()

    def choose_export(self) -> None:
        path = save_path(self, self.tr("Export the invoice list"), f"开票清单{today_local():%Y%m%d}.xlsx")
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> int | None:
        rows = self.runner.call(self, lambda: export_invoice_list(self.context.engine, self.context.actor, path,
                                                                  status=self.status.currentData()))
        if rows is not None:
            show_info(self, self.tr("{count} payments written to {path}.").format(count=rows, path=path))
        return rows
