"""Commands that change data. Every write is an op run through ``app.ops.runner``."""
