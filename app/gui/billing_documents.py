"""The cashier's documents as the GUI prints them; the Qt-free work (printing data, render, archive, record)
lives in app.ops.billing.documents, where the demo generator and the payment benchmark use it too."""

from app.ops.billing.documents import (
    RECEIPT,
    SHIFT_STATEMENT,
    PaidReceipt,
    PrintedDocument,
    pay_and_print,
    print_receipt,
    print_refund_slip,
    print_shift_statement,
    receipt_data,
    refund_slip_data,
    shift_statement_data,
)

__all__ = ["RECEIPT", "SHIFT_STATEMENT", "PaidReceipt", "PrintedDocument", "pay_and_print", "print_receipt",
           "print_refund_slip", "print_shift_statement", "receipt_data", "refund_slip_data", "shift_statement_data"]
