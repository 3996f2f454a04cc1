"""The cashier (收费): fee items, charges, meter readings, payments and receipts, prepaid balances, voids and
refunds, shifts, exports. One module per capability; every write is an op (app.ops.runner.run_op).

Where a screen finds things:
- ``counter``: payload builders for the GUI's op runner (``payment_payload``, ``open_shift_payload``) and
  build-and-run helpers (``open_shift``, ``take_payment``, ``close_shift``, ``void_payment``,
  ``refund_payment``, ``refund_prepaid``, ``relieve_charge``, ``generate_charges``, ``assess_late_fees``,
  ``record_meter_reading``, ``open_shift_id``). Ops needing a supervisor raise ApprovalRequired; run them
  again with ``approver=``.
- ``fee_items.default_terms`` for a new fee item; ``exports`` for the day's ledger and the invoice list (xlsx);
  ``receipt_check.check_scanned_receipt`` to verify a scanned receipt QR code.
- Reads: app.store.billing_queries (``open_charges``, ``unit_statement``, ``unit_arrears_fen``,
  ``late_fee_preview``, ``prepay_quote_for``, ``payment_detail``, ``current_shift``, ``fee_items``,
  ``fee_assignments``, ``meter_readings``, ``print_count``) and app.store.billing_reports (``shift_report``,
  ``daily_report``, ``day_ledger``, ``invoice_list``).
- Printing after commit: ``documents`` (``receipt_data``, ``print_receipt``, ``shift_statement_data``,
  ``print_shift_statement``), which renders, archives and records each copy.
"""
