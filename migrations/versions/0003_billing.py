"""billing: fee items, charges, meter readings, shifts, payments, refunds, prepaid ledger, prints

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa
import app.store.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_print',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('document_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('layout', sa.String(), nullable=False),
    sa.Column('reprint_no', sa.Integer(), nullable=False),
    sa.Column('archive_name', sa.String(), nullable=False),
    sa.Column('sha256', sa.String(), nullable=False),
    sa.Column('printed_by', app.store.types.CompactUUID(), nullable=False),
    sa.Column('printed_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_print', schema=None) as batch_op:
        batch_op.create_index('ix_document_print_doc', ['kind', 'document_id'], unique=False)

    op.create_table('receipt_counter',
    sa.Column('terminal_code', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('next_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('terminal_code', 'year', 'kind')
    )
    op.create_table('fee_item',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('formula', sa.String(), nullable=False),
    sa.Column('area_basis', sa.String(), nullable=False),
    sa.Column('unit_price', sa.String(), nullable=False),
    sa.Column('surcharge', sa.String(), nullable=False),
    sa.Column('unit_label', sa.String(), nullable=False),
    sa.Column('rounding', sa.String(), nullable=False),
    sa.Column('period_months', sa.Integer(), nullable=False),
    sa.Column('proration', sa.String(), nullable=False),
    sa.Column('proration_cutoff_day', sa.Integer(), nullable=False),
    sa.Column('due_days', sa.Integer(), nullable=False),
    sa.Column('meter_kind', sa.String(), nullable=False),
    sa.Column('late_fee_daily_rate', sa.String(), nullable=False),
    sa.Column('late_fee_grace_days', sa.Integer(), nullable=False),
    sa.Column('late_fee_cap_ratio', sa.String(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('property_id', 'code')
    )
    op.create_table('shift',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('cashier_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('terminal_code', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('opened_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('closed_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('opening_float_fen', sa.Integer(), nullable=False),
    sa.Column('expected_cash_fen', sa.Integer(), nullable=False),
    sa.Column('counted_cash_fen', sa.Integer(), nullable=False),
    sa.Column('cash_over_short_fen', sa.Integer(), nullable=False),
    sa.Column('counted_json', sa.Text(), nullable=False),
    sa.Column('over_short_json', sa.Text(), nullable=False),
    sa.Column('totals_json', sa.Text(), nullable=False),
    sa.Column('first_receipt_no', sa.String(), nullable=False),
    sa.Column('last_receipt_no', sa.String(), nullable=False),
    sa.Column('receipt_count', sa.Integer(), nullable=False),
    sa.Column('void_count', sa.Integer(), nullable=False),
    sa.Column('void_fen', sa.Integer(), nullable=False),
    sa.Column('refund_count', sa.Integer(), nullable=False),
    sa.Column('refund_fen', sa.Integer(), nullable=False),
    sa.Column('unsynced_ops', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cashier_id'], ['clerk.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_cashier_id'), ['cashier_id'], unique=False)

    op.create_table('fee_assignment',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('fee_item_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['fee_item_id'], ['fee_item.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'fee_item_id')
    )
    with op.batch_alter_table('fee_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fee_assignment_fee_item_id'), ['fee_item_id'], unique=False)

    op.create_table('payment',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('shift_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('cashier_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('terminal_code', sa.String(length=8), nullable=False),
    sa.Column('receipt_no', sa.String(length=40), nullable=False),
    sa.Column('receipt_year', sa.Integer(), nullable=False),
    sa.Column('receipt_seq', sa.Integer(), nullable=False),
    sa.Column('paid_at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('payer_name', sa.String(), nullable=False),
    sa.Column('payer_person_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('change_fen', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('void_reason', sa.String(), nullable=False),
    sa.Column('voided_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('void_approver_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('invoice_status', sa.String(), nullable=False),
    sa.Column('invoice_title', sa.String(), nullable=False),
    sa.Column('invoice_ref', sa.String(), nullable=False),
    sa.Column('review_note', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt_no')
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_invoice_status'), ['invoice_status'], unique=False)
        batch_op.create_index('ix_payment_paid_at', ['paid_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_unit_id'), ['unit_id'], unique=False)

    op.create_table('charge',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('fee_item_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('parent_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('period_key', sa.String(length=64), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('period_label', sa.String(), nullable=False),
    sa.Column('quantity', sa.String(), nullable=False),
    sa.Column('unit_price', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('relief_fen', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('payment_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('settled_at', app.store.types.UTCDateTime(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['fee_item_id'], ['fee_item.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['charge.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'fee_item_id', 'period_key')
    )
    with op.batch_alter_table('charge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charge_fee_item_id'), ['fee_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_charge_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_charge_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index('ix_charge_unit_status', ['unit_id', 'status'], unique=False)

    op.create_table('payment_tender',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('payment_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('given_fen', sa.Integer(), nullable=False),
    sa.Column('change_fen', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('payment_tender', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_tender_payment_id'), ['payment_id'], unique=False)

    op.create_table('refund',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('payment_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('refund_no', sa.String(length=40), nullable=False),
    sa.Column('shift_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('method', sa.String(), nullable=False),
    sa.Column('reference', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('applicant_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('approver_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('refund_no')
    )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_unit_id'), ['unit_id'], unique=False)

    op.create_table('charge_relief',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('charge_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('applicant_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('approver_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['charge.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('charge_relief', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charge_relief_charge_id'), ['charge_id'], unique=False)

    op.create_table('meter_reading',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('fee_item_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('read_on', sa.Date(), nullable=False),
    sa.Column('reading', sa.String(), nullable=False),
    sa.Column('previous_reading', sa.String(), nullable=False),
    sa.Column('usage', sa.String(), nullable=False),
    sa.Column('meter_changed', sa.Boolean(), nullable=False),
    sa.Column('old_meter_final', sa.String(), nullable=False),
    sa.Column('new_meter_start', sa.String(), nullable=False),
    sa.Column('charge_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('review_note', sa.String(), nullable=False),
    sa.Column('recorded_by', app.store.types.CompactUUID(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('created_at', app.store.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['charge.id'], ),
    sa.ForeignKeyConstraint(['fee_item_id'], ['fee_item.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meter_reading', schema=None) as batch_op:
        batch_op.create_index('ix_meter_reading_unit_item', ['unit_id', 'fee_item_id', 'read_on'], unique=False)

    op.create_table('payment_line',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('payment_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('charge_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('fee_item_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('period_label', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('prepay_months', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['charge_id'], ['charge.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('payment_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_line_charge_id'), ['charge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_line_payment_id'), ['payment_id'], unique=False)

    op.create_table('prepaid_entry',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('property_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('unit_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('payment_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('charge_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('refund_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('reverses_id', app.store.types.CompactUUID(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('at', app.store.types.UTCDateTime(), nullable=False),
    sa.Column('op_id', app.store.types.CompactUUID(), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['charge.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.ForeignKeyConstraint(['property_id'], ['property.id'], ),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['prepaid_entry.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('prepaid_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prepaid_entry_charge_id'), ['charge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prepaid_entry_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prepaid_entry_unit_id'), ['unit_id'], unique=False)

    op.create_table('refund_line',
    sa.Column('id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('refund_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('payment_line_id', app.store.types.CompactUUID(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['payment_line_id'], ['payment_line.id'], ),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('payment_line_id')
    )
    with op.batch_alter_table('refund_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_line_refund_id'), ['refund_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refund_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_line_refund_id'))

    op.drop_table('refund_line')
    with op.batch_alter_table('prepaid_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prepaid_entry_unit_id'))
        batch_op.drop_index(batch_op.f('ix_prepaid_entry_payment_id'))
        batch_op.drop_index(batch_op.f('ix_prepaid_entry_charge_id'))

    op.drop_table('prepaid_entry')
    with op.batch_alter_table('payment_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_line_payment_id'))
        batch_op.drop_index(batch_op.f('ix_payment_line_charge_id'))

    op.drop_table('payment_line')
    with op.batch_alter_table('meter_reading', schema=None) as batch_op:
        batch_op.drop_index('ix_meter_reading_unit_item')

    op.drop_table('meter_reading')
    with op.batch_alter_table('charge_relief', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_charge_relief_charge_id'))

    op.drop_table('charge_relief')
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_unit_id'))
        batch_op.drop_index(batch_op.f('ix_refund_shift_id'))
        batch_op.drop_index(batch_op.f('ix_refund_payment_id'))

    op.drop_table('refund')
    with op.batch_alter_table('payment_tender', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_tender_payment_id'))

    op.drop_table('payment_tender')
    with op.batch_alter_table('charge', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_unit_status')
        batch_op.drop_index(batch_op.f('ix_charge_payment_id'))
        batch_op.drop_index(batch_op.f('ix_charge_parent_id'))
        batch_op.drop_index(batch_op.f('ix_charge_fee_item_id'))

    op.drop_table('charge')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_payment_shift_id'))
        batch_op.drop_index('ix_payment_paid_at')
        batch_op.drop_index(batch_op.f('ix_payment_invoice_status'))

    op.drop_table('payment')
    with op.batch_alter_table('fee_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fee_assignment_fee_item_id'))

    op.drop_table('fee_assignment')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_cashier_id'))

    op.drop_table('shift')
    op.drop_table('fee_item')
    op.drop_table('receipt_counter')
    with op.batch_alter_table('document_print', schema=None) as batch_op:
        batch_op.drop_index('ix_document_print_doc')

    op.drop_table('document_print')