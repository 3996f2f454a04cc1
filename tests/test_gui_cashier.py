"""The 收费 tab driven through its real widgets: select a unit, pay two lines in cash + WeChat, the receipt
previewed (QtPdf has the archived PDF loaded; its text holds the receipt number), void with a supervisor (a wrong
password refused, the right one accepted, the charges reopen); change to the fen; a prepayment capped by the
setting; shift close with over/short and its statement; a reprint marked 补打."""

import io
from datetime import date

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.domain.payments import ChargeStatus, PaymentStatus, TenderMethod
from app.domain.payments import Tender as T
from app.gui.billing_documents import print_receipt
from app.gui.cashier_adjust import VoidDialog
from app.gui.cashier_payment import PaymentDialog, PrepayDialog
from app.gui.cashier_shift import CloseShiftDialog, OpenShiftDialog
from app.gui.credentials import ApprovalDialog
from app.gui.main_window import MainWindow
from app.gui.print_preview import PrintPreviewDialog
from app.ops.billing.counter import generate_charges, open_shift, take_payment
from app.store.billing_models import Charge, DocumentPrint, Payment, PaymentLine, PaymentTender, Shift
from app.store.billing_queries import open_charges, prepay_quote_for
from app.store.db import reading
from tests.billing_support import counter
from tests.gui_support import (
    dismiss_message,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
    when_modal,
)


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _counter_window(qtbot, desk, through=date(2026, 7, 1)):
    """A cashier at the 收费 tab with unit 3-2-1501 open: 物业费 2026-06 and 2026-07, ¥223.43 each."""
    c = counter(desk)
    generate_charges(desk, desk.admin, through, unit_ids=[c.unit_a])
    window = MainWindow(desk, c.cashier)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.show_tab("cashier")
    window.household.open_unit(c.unit_a)
    return c, window, window.tabs.currentWidget()


def _preview_check(seen: dict, *, print_it: bool = False):
    """An action for the receipt preview: note what it shows, then close it (or try printing first)."""

    def check(dialog: PrintPreviewDialog) -> None:
        seen["status"] = dialog.document.status()
        seen["pages"] = dialog.document.pageCount()
        seen["pdf"] = dialog.printed.path.read_bytes()
        seen["reprint_no"] = dialog.printed.reprint_no
        seen["title"] = dialog.windowTitle()
        if print_it:  # no printer on the test machine: the clerk is told, the dialog stays, the PDF is kept
            messages: list[str] = []
            when_modal(QMessageBox, dismiss_message(messages))
            dialog.accept()
            seen["print_message"] = messages
        dialog.reject()

    return check


def _payments(desk, unit_id):
    with reading(desk.engine) as session:
        return list(session.scalars(select(Payment).where(Payment.unit_id == unit_id).order_by(Payment.receipt_seq)))


def test_a_full_counter_flow_cash_and_wechat_then_a_supervised_void(qtbot, desk):
    c, window, tab = _counter_window(qtbot, desk)
    assert tab.charges.rowCount() == 2 and len(tab.charges.ticked()) == 2  # every line ticked to start with
    assert "¥446.86" in tab.ticked_total.text() and "¥446.86" in tab.heading.text()
    assert "Arrears ¥446.86" in window.household.detail.heading.text()  # the household panel lists arrears

    def open_with_float(dialog: OpenShiftDialog) -> None:
        dialog.float.setText("200")
        dialog.accept()

    when_modal(OpenShiftDialog, open_with_float)
    tab.shift_bar.open_button.click()
    assert tab.shift_bar.shift_id is not None

    figures: dict = {}
    preview: dict = {}

    def pay(dialog: PaymentDialog) -> None:
        qtbot.keyClicks(dialog.amounts[TenderMethod.WECHAT], "100")
        qtbot.keyClicks(dialog.cash_given, "400")
        figures.update(cash=dialog.cash_amount.text(), change=dialog.change.text(), problem=dialog.problem.text())
        when_modal(PrintPreviewDialog, _preview_check(preview, print_it=True))
        qtbot.keyClick(dialog.cash_given, Qt.Key.Key_Return)  # Enter confirms

    when_modal(PaymentDialog, pay)
    tab.charges.setFocus()
    qtbot.keyClick(tab.charges, Qt.Key.Key_Return)  # Enter in the charges takes the payment
    assert figures == {"cash": "¥346.86", "change": "Change ¥53.14", "problem": ""}

    [payment] = _payments(desk, c.unit_a)
    assert payment.total_fen == 44686 and payment.change_fen == 5314 and payment.status == PaymentStatus.VALID
    with reading(desk.engine) as session:
        tenders = {t.method: (t.amount_fen, t.given_fen) for t in session.scalars(
            select(PaymentTender).where(PaymentTender.payment_id == payment.id))}
    assert tenders == {"cash": (34686, 40000), "wechat": (10000, 10000)}
    assert open_charges(desk.engine, c.unit_a) == []
    assert tab.charges.rowCount() == 0 and tab.payments.table.rowCount() == 1
    assert "Arrears ¥0.00" in window.household.detail.heading.text()

    # the receipt preview: the archived PDF loaded in QtPdf, its text holding the number and the amount in words
    assert preview["status"] == QPdfDocument.Status.Ready and preview["pages"] >= 1
    text = _pdf_text(preview["pdf"])
    assert payment.receipt_no in text and "肆佰肆拾陆元捌角陆分" in text and "补打" not in text
    assert preview["reprint_no"] == 0
    assert preview["print_message"] and "archive" in preview["print_message"][0]

    # void: a wrong supervisor password is refused, the right one accepted; the charges reopen
    approvals: list[str] = []

    def approve(dialog: ApprovalDialog) -> None:
        dialog.form.username.setText("boss")
        dialog.form.password.setText("wrong-password")
        dialog.accept()
        approvals.append(dialog.form.error.text())
        assert dialog.isVisible() and dialog.approver is None
        dialog.form.password.setText("pass1234")
        dialog.accept()

    def void(dialog: VoidDialog) -> None:
        dialog.reason.setCurrentText("收错房号")
        when_modal(ApprovalDialog, approve)
        dialog.accept()

    tab.sections.setCurrentWidget(tab.payments)
    tab.payments.table.selectRow(0)
    when_modal(VoidDialog, void)
    tab.payments.void_button.click()
    assert approvals and approvals[0]  # the refusal was shown
    [payment] = _payments(desk, c.unit_a)
    assert payment.status == PaymentStatus.VOIDED and payment.void_reason == "收错房号"
    assert payment.void_approver_id == c.supervisor.clerk_id
    assert len(open_charges(desk.engine, c.unit_a)) == 2
    assert tab.charges.rowCount() == 2  # the tab shows the reopened lines
    assert "已作废" in tab.payments.table.item(0, 4).text()


def test_change_is_computed_to_the_fen_and_amounts_take_plain_yuan(qtbot, desk):
    c, window, tab = _counter_window(qtbot, desk)
    open_shift(desk, c.cashier)
    dialog = PaymentDialog(window.context, window.runner, tab._plan(tab.charges.ticked()), tab)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cash_amount.text() == "¥446.86" and dialog.change_fen() == 0  # empty given = exact cash
    dialog.cash_given.setText("446.9")
    assert dialog.change_fen() == 4 and dialog.change.text() == "Change ¥0.04"
    dialog.cash_given.setText("1234.5")
    assert dialog.change_fen() == 78764 and dialog.problem.text() == ""
    dialog.amounts[TenderMethod.ALIPAY].setText("0.01")
    assert dialog.cash_amount.text() == "¥446.85" and dialog.change_fen() == 78765
    dialog.cash_given.setText("400")
    assert dialog.problem.text()  # less than the cash due is shown at once
    dialog.amounts[TenderMethod.ALIPAY].setText("500")
    assert "exceed" in dialog.problem.text()
    dialog.amounts[TenderMethod.ALIPAY].setText("")
    dialog.amounts[TenderMethod.CARD].setText("446.86")
    dialog.cash_given.setText("")
    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    dialog.accept()  # a POS payment without its slip number is refused, the dialog stays
    assert messages and dialog.isVisible() and _payments(desk, c.unit_a) == []
    dialog.references[TenderMethod.CARD].setText("POS 000123")
    dialog.accept()
    assert dialog.recorded is not None and dialog.recorded.change_fen == 0
    [payment] = _payments(desk, c.unit_a)
    assert payment.total_fen == 44686


def test_a_prepayment_is_capped_by_the_setting(qtbot, desk):
    c, window, tab = _counter_window(qtbot, desk)
    open_shift(desk, c.cashier)
    cap = desk.settings.get("billing.prepay_max_months")
    quote = prepay_quote_for(desk.engine, c.unit_a, c.property_fee, cap)
    preview: dict = {}

    def choose(dialog: PrepayDialog) -> None:
        dialog.months.setValue(cap + 9)
        assert dialog.months.value() == cap  # the spin box stops at the cap
        assert "¥" + f"{quote.amount_fen / 100:,.2f}" in dialog.quote.text()
        when_modal(PaymentDialog, pay)
        dialog.accept()

    def pay(dialog: PaymentDialog) -> None:
        assert dialog.plan.total_fen == quote.amount_fen
        assert not dialog.amounts[TenderMethod.PREPAID].isEnabled()  # a prepayment is new money
        when_modal(PrintPreviewDialog, _preview_check(preview))
        dialog.accept()

    when_modal(PrepayDialog, choose)
    tab.buttons["prepay"].click()
    [payment] = _payments(desk, c.unit_a)
    with reading(desk.engine) as session:
        line = session.scalars(select(PaymentLine).where(PaymentLine.payment_id == payment.id)).one()
    assert payment.total_fen == quote.amount_fen and f"（{cap}个月）" in line.period_label
    assert "预存物业费" in _pdf_text(preview["pdf"])
    assert f"¥{quote.amount_fen / 100:,.2f}" in tab.heading.text()  # the prepaid balance


def test_closing_the_shift_shows_over_short_and_prints_the_statement(qtbot, desk):
    c, window, tab = _counter_window(qtbot, desk)
    open_shift(desk, c.cashier, opening_float_fen=20000)
    charge_ids = [row.charge_id for row in open_charges(desk.engine, c.unit_a)]
    take_payment(desk, c.cashier, unit_id=c.unit_a, charge_ids=charge_ids,
                 tenders=[T(TenderMethod.CASH, 34686, 35000), T(TenderMethod.WECHAT, 10000)])
    window.context.data_changed.emit("billing.record_payment")
    shown: dict = {}
    preview: dict = {}

    def count(dialog: CloseShiftDialog) -> None:
        shown["unsynced"] = dialog.unsynced.text()
        dialog.counted[TenderMethod.CASH].setText("546")  # expected 200.00 float + 346.86
        shown["cash"] = dialog.cash_result.text()
        dialog.counted[TenderMethod.WECHAT].setText("100")
        shown["wechat"] = dialog.over_short[TenderMethod.WECHAT].text()
        when_modal(PrintPreviewDialog, _preview_check(preview))
        dialog.accept()

    when_modal(CloseShiftDialog, count)
    tab.shift_bar.close_button.click()
    assert shown["cash"] == "Cash: short ¥0.86" and shown["wechat"] == "balanced"
    assert "not yet synced" in shown["unsynced"]
    with reading(desk.engine) as session:
        shift = session.scalars(select(Shift)).one()
        printed = session.scalars(select(DocumentPrint).where(DocumentPrint.kind == "shift_statement")).all()
    assert shift.status == "closed" and shift.cash_over_short_fen == -86 and shift.counted_cash_fen == 54600
    assert len(printed) == 1
    statement = _pdf_text(preview["pdf"])
    assert "546.00" in statement and "546.86" in statement
    assert tab.shift_bar.open_button.isVisible() and not tab.shift_bar.close_button.isVisible()


def test_a_reprint_from_the_statement_says_bu_da_with_its_count(qtbot, desk):
    c, window, tab = _counter_window(qtbot, desk)
    open_shift(desk, c.cashier)
    charge_ids = [row.charge_id for row in open_charges(desk.engine, c.unit_a)]
    recorded = take_payment(desk, c.cashier, unit_id=c.unit_a, charge_ids=charge_ids,
                            tenders=[T(TenderMethod.CASH, 44686)])
    print_receipt(desk, c.cashier, recorded.payment_id)  # the original, printed at the counter
    window.context.data_changed.emit("billing.record_payment")
    tab.sections.setCurrentWidget(tab.payments)
    tab.payments.table.selectRow(0)
    preview: dict = {}
    when_modal(PrintPreviewDialog, _preview_check(preview))
    tab.payments.reprint_button.click()
    assert preview["reprint_no"] == 1 and "1" in preview["title"]
    text = _pdf_text(preview["pdf"])
    assert "补打" in text and recorded.receipt_no in text
    with reading(desk.engine) as session:
        copies = session.scalars(select(DocumentPrint.reprint_no).where(
            DocumentPrint.document_id == recorded.payment_id).order_by(DocumentPrint.reprint_no)).all()
        charges = session.scalars(select(Charge.status).where(Charge.unit_id == c.unit_a)).all()
    assert copies == [0, 1] and set(charges) == {ChargeStatus.PAID}
