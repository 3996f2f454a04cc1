"""A desk whose store is not open yet: the handle the desk program's first frame is built on.

``peek_desk`` has read what the first frame shows (the property's name, the sync status) with sqlite3; the store
(SQLAlchemy, the table classes, the schema check, the field key) is opened by ``open()`` right after that frame.
Until then the handle answers ``data_dir``, ``settings``, ``property_name()`` and ``peek``; any other attribute
(``engine``, ``cipher``, ``back_up`` …) opens the store first and is the open Desk's, so a widget that reaches
for the store early is only slower, never wrong. Once open, the handle behaves as that Desk."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.settings import Settings
from app.store.peek import DeskPeek

if TYPE_CHECKING:
    from app.ops.desk import Desk


class OpeningDesk:
    __slots__ = ("data_dir", "peek", "_settings", "_desk")

    def __init__(self, data_dir: Path, peek: DeskPeek, settings: Settings | None = None):
        self.data_dir = Path(data_dir)
        self.peek = peek
        self._settings = Settings.load(self.data_dir) if settings is None else settings
        self._desk: Desk | None = None

    @property
    def is_open(self) -> bool:
        return self._desk is not None

    @property
    def settings(self) -> Settings:
        return self._settings  # the same object the open Desk holds

    def open(self) -> "Desk":
        """Open the store (once): open_desk with today's backup left for later (a database needing an upgrade
        never gets here: the peek sends it down the full path, which backs it up before any window)."""
        if self._desk is None:
            from app.ops.desk import open_desk

            self._desk = open_desk(self.data_dir, daily_backup_later=True, settings=self._settings)
        return self._desk

    def property_name(self) -> str | None:
        return self.peek.property_name if self._desk is None else self._desk.property_name()

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in OpeningDesk.__slots__:  # (copy's probes; a slot not set yet)
            raise AttributeError(name)
        return getattr(self.open(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in OpeningDesk.__slots__:
            object.__setattr__(self, name, value)
        else:
            setattr(self.open(), name, value)
