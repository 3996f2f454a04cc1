"""Imports every module that registers ops, so a runner (desk or server) knows them all. app.ops.runner imports
it on the registry's first use (spec_for, registered_ops)."""

from app.ops import clerks, documents, patches, registry, roster_op  # noqa: F401
from app.ops.billing import charges, fee_items, meter_round, meters, payments, shifts, voids_refunds  # noqa: F401
