"""The cashier (收费): fee items, charges, meter readings, payments and receipts, prepaid balances, voids and
refunds, shifts, exports. One module per capability; every write is an op (app.ops.runner.run_op).

The desk-side entry points a screen calls are in ``counter`` (take a payment, open and close a shift, void,
refund); the reads are in app.store.billing_queries and app.store.billing_reports.
"""
