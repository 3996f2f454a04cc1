"""The rest of the 收费 tab through its widgets: printing onto a QPrinter at the document's own paper size, a
missing printer named (the PDF stays archived), a refund slip after the shift closed, a meter change approved
by a supervisor, fee items and billing them to units, the invoice status, the day's ledger in Excel."""

import io
from datetime import date

import openpyxl
import pypdf
from PySide6.QtCore import QDate, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.core.clock import today_local
from app.domain.payments import InvoiceStatus, PaymentStatus, TenderMethod
from app.domain.payments import Tender as T
from app.gui.billing_documents import print_receipt
from app.gui.cashier_adjust import InvoiceRequestDialog, MarkInvoicedDialog, RefundDialog, ReliefDialog
from app.gui.cashier_fee_items import AssignDialog, FeeItemDialog, FeeItemsDialog
from app.gui.cashier_meters import GenerateChargesDialog, MeterReadingDialog
from app.gui.cashier_payment import PaymentDialog
from app.gui.cashier_reports import DailyReportDialog, InvoiceListDialog
from app.gui.credentials import ApprovalDialog
from app.gui.main_window import MainWindow
from app.gui.print_preview import RECEIPT_THERMAL, PrintPreviewDialog, print_pdf
from app.ops.billing.counter import (
    close_shift,
    generate_charges,
    open_shift,
    record_meter_reading,
    take_payment,
)
from app.store.billing_models import Charge, FeeAssignment, FeeItem, MeterReading, Payment, Refund
from app.store.billing_queries import open_charges
from app.store.db import reading
from tests.billing_support import assign, counter, fee_item
from tests.gui_support import (
    dismiss_message,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
    when_modal,
)

MM = 72 / 25.4


def _window(qtbot, desk, actor, unit_id):
    window = MainWindow(desk, actor)
    qtbot.addWidget(window)
    window.show()
    window.tabs.show_tab("cashier")
    window.household.open_unit(unit_id)
    return window, window.tabs.currentWidget()


def _paid(desk, c):
    """Unit A's 2026-06 and 2026-07 物业费 paid in cash in an open shift; returns the payment."""
    generate_charges(desk, desk.admin, date(2026, 7, 1), unit_ids=[c.unit_a])
    open_shift(desk, c.cashier)
    ids = [row.charge_id for row in open_charges(desk.engine, c.unit_a)]
    return take_payment(desk, c.cashier, unit_id=c.unit_a, charge_ids=ids, tenders=[T(TenderMethod.CASH, 44686)],
                        payer_name="欧阳修")


def _approve_as_boss(dialog: ApprovalDialog) -> None:
    dialog.form.username.setText("boss")
    dialog.form.password.setText("pass1234")
    dialog.accept()


def test_printing_sends_every_page_at_the_documents_own_paper_size(qtbot, desk, tmp_path):
    c = counter(desk)
    recorded = _paid(desk, c)
    for layout, pages, paper_mm in (("a5", 3, {148, 210}), ("thermal80", 1, None)):
        printed = print_receipt(desk, c.cashier, recorded.payment_id, layout)
        document = QPdfDocument()
        document.load(str(printed.path))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{layout}.pdf"))
        assert print_pdf(document, printer) == pages
        sent = pypdf.PdfReader(io.BytesIO((tmp_path / f"{layout}.pdf").read_bytes())).pages
        assert len(sent) == pages
        for index, page in enumerate(sent):
            source = document.pagePointSize(index)
            assert abs(float(page.mediabox.width) - source.width()) < 1
            assert abs(float(page.mediabox.height) - source.height()) < 1
        if paper_mm:  # A5 (landscape, three parts)
            assert {round(float(sent[0].mediabox.width) / MM), round(float(sent[0].mediabox.height) / MM)} == paper_mm
        else:  # the 80 mm roll, as long as the receipt
            assert round(float(sent[0].mediabox.width) / MM) == 80


def test_a_configured_printer_that_is_not_installed_is_named_and_the_pdf_is_kept(qtbot, desk):
    c = counter(desk)
    recorded = _paid(desk, c)
    desk.settings.set("printing.printer.receipt_thermal80", "EPSON TM-T88 柜台")
    window, tab = _window(qtbot, desk, c.cashier, c.unit_a)
    printed = print_receipt(desk, c.cashier, recorded.payment_id, "thermal80")
    dialog = PrintPreviewDialog(window.context, printed, RECEIPT_THERMAL, "Receipt", tab)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen_printer() == "EPSON TM-T88 柜台" and "not installed" in dialog.printer.currentText()
    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    dialog.accept()
    assert "EPSON TM-T88 柜台" in messages[0] and str(printed.path) in messages[0]
    assert dialog.isVisible() and dialog.pages_printed == 0 and printed.path.is_file()


def test_a_refund_slip_after_the_shift_closed_needs_a_supervisor_and_reopens_the_lines_refunded(qtbot, desk):
    c = counter(desk)
    recorded = _paid(desk, c)
    close_shift(desk, c.cashier, {TenderMethod.CASH: 44686})
    open_shift(desk, c.cashier)
    window, tab = _window(qtbot, desk, c.cashier, c.unit_a)
    tab.sections.setCurrentWidget(tab.payments)
    tab.payments.table.selectRow(0)
    shown: list[str] = []

    def refund_july(dialog: RefundDialog) -> None:
        assert dialog.lines.count() == 2 and dialog.amount.text() == "¥446.86"
        dialog.lines.item(0).setCheckState(Qt.CheckState.Unchecked)  # June stays paid
        shown.append(dialog.amount.text())
        dialog.method.setCurrentIndex(dialog.method.findData(TenderMethod.WECHAT.value))
        dialog.reason.setCurrentText("重复缴费")
        when_modal(ApprovalDialog, _approve_as_boss)
        when_modal(PrintPreviewDialog, lambda preview: (previews.append(preview.printed), preview.reject()))
        dialog.accept()

    previews: list = []
    when_modal(RefundDialog, refund_july)
    tab.payments.refund_button.click()
    assert shown == ["¥223.43"]
    assert len(previews) == 1 and previews[0].path.parts[-3] == "refund_slip" and previews[0].reprint_no == 0
    with reading(desk.engine) as session:
        slip = session.scalars(select(Refund)).one()
        payment = session.get(Payment, recorded.payment_id)
    assert slip.payment_id == recorded.payment_id and slip.amount_fen == 22343 and slip.method == "wechat"
    assert slip.approver_id == c.supervisor.clerk_id and payment.status == PaymentStatus.PART_REFUNDED
    assert [row.period_label for row in tab.charges.rows] == ["2026-07"]

    def refund_rest(dialog: RefundDialog) -> None:
        shown.append(f"{dialog.lines.count()} {dialog.amount.text()}")
        dialog.reject()

    tab.payments.table.selectRow(0)
    when_modal(RefundDialog, refund_rest)
    tab.payments.refund_button.click()
    assert shown[-1] == "1 ¥223.43"  # only what is not refunded yet is offered


def test_a_reading_below_the_previous_one_is_a_meter_change_a_supervisor_approves(qtbot, desk):
    c = counter(desk)
    record_meter_reading(desk, c.cashier, unit_id=c.unit_a, fee_item_id=c.water, read_on=date(2026, 10, 1),
                         reading="100")
    window, tab = _window(qtbot, desk, c.cashier, c.unit_a)
    asked: list[str] = []

    def answer_yes(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    def read(dialog: MeterReadingDialog) -> None:
        assert "100" in dialog.previous.text()
        dialog.reading.setText("90")
        when_modal(QMessageBox, answer_yes)
        dialog.accept()  # lower than before: asks whether the meter was changed
        assert dialog.isVisible() and dialog.changed.isChecked()
        dialog.old_final.setText("120")
        dialog.new_start.setText("0")
        when_modal(ApprovalDialog, _approve_as_boss)
        dialog.accept()

    when_modal(MeterReadingDialog, read)
    tab.buttons["meter"].click()
    assert asked and "100" in asked[0]
    with reading(desk.engine) as session:
        latest = session.scalars(select(MeterReading).where(MeterReading.reading == "90")).one()
        charge = session.get(Charge, latest.charge_id)
    assert latest.meter_changed and charge.amount_fen == 46200  # (120 − 100) + (90 − 0) = 110 × 4.20
    assert any(row.charge_id == charge.id for row in tab.charges.rows)


def test_a_supervisor_adds_a_fee_item_and_bills_it_to_every_unit(qtbot, desk):
    c = counter(desk)
    window, tab = _window(qtbot, desk, c.supervisor, c.unit_a)

    def fill(dialog: FeeItemDialog) -> None:
        dialog.code.setText("dtf")
        dialog.name.setText("电梯运行费")
        dialog.price.setText("0.35")
        dialog.unit_label.setText("元/㎡·月")
        dialog.legal_basis.setPlainText("前期物业服务合同第六条")
        dialog.accept()

    def bill(dialog: AssignDialog) -> None:
        dialog.from_date.setChecked(True)
        messages: list[str] = []
        when_modal(QMessageBox, dismiss_message(messages))
        dialog.accept()

    def manage(dialog: FeeItemsDialog) -> None:
        when_modal(FeeItemDialog, fill)
        dialog.new_item()
        codes = [dialog.table.table.item(r, 0).text() for r in range(dialog.table.table.rowCount())]
        assert "DTF" in codes
        dialog.table.table.selectRow(codes.index("DTF"))
        when_modal(AssignDialog, bill)
        dialog.assign()
        dialog.reject()

    assert tab.tool_buttons["fee_items"].isVisibleTo(tab)
    when_modal(FeeItemsDialog, manage)
    tab.tool_buttons["fee_items"].click()
    with reading(desk.engine) as session:
        item = session.scalars(select(FeeItem).where(FeeItem.code == "DTF")).one()
        billed = session.scalars(select(FeeAssignment.unit_id).where(FeeAssignment.fee_item_id == item.id)).all()
    assert item.unit_price == "0.35" and item.legal_basis == "前期物业服务合同第六条"
    assert set(billed) == {c.unit_a, c.unit_b}


def test_invoice_status_and_the_days_ledger_in_excel(qtbot, desk, tmp_path):
    c = counter(desk)
    recorded = _paid(desk, c)
    window, tab = _window(qtbot, desk, c.cashier, c.unit_a)
    tab.payments.table.selectRow(0)

    def ask(dialog: InvoiceRequestDialog) -> None:
        assert dialog.title_edit.text() == "欧阳修"
        dialog.accept()

    when_modal(InvoiceRequestDialog, ask)
    tab.payments.invoice_button.click()
    assert tab.payments.table.item(0, 5).text() == "待开"

    supervisor_window, supervisor_tab = _window(qtbot, desk, c.supervisor, c.unit_a)
    invoices = InvoiceListDialog(supervisor_window.runner, supervisor_window.context, supervisor_tab)
    qtbot.addWidget(invoices)
    assert invoices.table.table.rowCount() == 1
    invoices.table.table.selectRow(0)

    def issue(dialog: MarkInvoicedDialog) -> None:
        dialog.reference.setText("04400123")
        dialog.accept()

    when_modal(MarkInvoicedDialog, issue)
    invoices.mark_issued()
    with reading(desk.engine) as session:
        payment = session.get(Payment, recorded.payment_id)
    assert payment.invoice_status == InvoiceStatus.ISSUED and payment.invoice_ref == "04400123"
    assert invoices.table.table.rowCount() == 0  # the 待开 list is done

    report = DailyReportDialog(supervisor_window.runner, supervisor_window.context, supervisor_tab)
    qtbot.addWidget(report)
    assert report.chosen_day() == today_local() and "¥446.86" in report.summary.text()
    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    assert report.export(tmp_path / "ledger.xlsx") == 2
    sheet = openpyxl.load_workbook(tmp_path / "ledger.xlsx").active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [recorded.receipt_no] * 2


def test_late_fees_are_their_own_lines_principal_alone_is_accepted_and_a_waiver_needs_a_supervisor(qtbot, desk):
    c = counter(desk)
    late = {"daily_rate": "0.0005", "grace_days": 0, "cap_ratio": "1"}
    item = fee_item(desk, desk.admin, "GLF", "车位管理费", formula="fixed", unit_price="100", late_fee=late)
    assign(desk, desk.admin, item, c.unit_b, date(2026, 6, 1))
    generate_charges(desk, desk.admin, date(2026, 6, 1), unit_ids=[c.unit_b], fee_item_ids=[item])
    open_shift(desk, c.cashier)
    window, tab = _window(qtbot, desk, c.cashier, c.unit_b)  # showing the unit brings its late fees up to date
    rows = tab.charges.rows
    assert [r.kind for r in rows] == ["regular", "late_fee"] and rows[1].parent_id == rows[0].charge_id
    assert "滞纳金" in tab.charges.item(1, 2).text() and rows[1].due_fen > 0
    late_fee = rows[1]

    tab.charges.setCurrentCell(1, 0)
    tab.charges.toggle_current()  # the principal alone
    assert [r.charge_id for r in tab.charges.ticked()] == [rows[0].charge_id]

    def pay(dialog: PaymentDialog) -> None:
        assert dialog.plan.total_fen == 10000
        when_modal(PrintPreviewDialog, lambda preview: preview.reject())
        dialog.accept()

    when_modal(PaymentDialog, pay)
    tab.collect()
    assert [r.charge_id for r in tab.charges.rows] == [late_fee.charge_id]

    def waive(dialog: ReliefDialog) -> None:
        dialog.reason.setCurrentText("滞纳金免收")
        when_modal(ApprovalDialog, _approve_as_boss)
        dialog.accept()

    tab.charges.setCurrentCell(0, 1)
    when_modal(ReliefDialog, waive)
    tab.buttons["relief"].click()
    with reading(desk.engine) as session:
        waived = session.get(Charge, late_fee.charge_id)
    assert waived.status == "waived" and waived.relief_fen == late_fee.due_fen
    assert tab.charges.rowCount() == 0 and "Arrears ¥0.00" in tab.heading.text()


def test_charges_for_every_unit_are_generated_off_the_gui_thread_without_gaps(qtbot, desk):
    c = counter(desk)
    generate_charges(desk, desk.admin, date(2026, 7, 1), unit_ids=[c.unit_a])  # unit A is billed to July
    window, tab = _window(qtbot, desk, c.cashier, c.unit_a)
    dialog = GenerateChargesDialog(window.runner, window.context, c.unit_a, "3-2-1501", tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.all_units.setChecked(True)
    dialog.through.setDate(dialog.through.maximumDate().addYears(1))
    assert dialog.through.date() == dialog.through.maximumDate()  # at most a month ahead
    dialog.through.setDate(QDate(2026, 9, 1))
    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    dialog.accept()
    assert dialog.busy and not dialog.buttons.isEnabled()  # working in the background
    dialog.reject()
    assert dialog.isVisible()  # Esc cannot leave half way
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
    # A: 2026-08 and 2026-09 follow July; B: 2026-06 to 2026-09
    assert dialog.outcome["charges"] == 6 and messages and "6" in messages[0]
    with reading(desk.engine) as session:
        periods = sorted(session.scalars(select(Charge.period_label).where(Charge.unit_id == c.unit_a)))
    assert periods == ["2026-06", "2026-07", "2026-08", "2026-09"]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tab.charges.rowCount() == 4
