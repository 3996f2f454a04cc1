"""Imports every module that registers ops, so a runner (desk or server) knows them all."""

from app.ops import clerks, patches, registry, roster_op  # noqa: F401
