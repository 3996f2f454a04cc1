"""Every table module, imported together so SQLAlchemy's metadata (and Alembic's autogenerate) sees the whole
schema whichever part of the app was imported first."""

from app.store import billing_models, models, sync_models  # noqa: F401
