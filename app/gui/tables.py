"""A read-only table of rows with a row of action buttons under it: the building block of the household
panel and the tabs."""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ActionTable(QWidget):
    activated = Signal(object)  # the key of the row double-clicked or entered

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, *, stretch_column: int = -1):
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch_column >= 0:
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)
        self.table.itemActivated.connect(lambda item: self.activated.emit(self._key_of(item.row())))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        self._keys: list[Any] = []
        self._row_buttons: list[QPushButton] = []

    def add_button(self, text: str, handler: Callable[[], None], *, needs_row: bool = False,
                   object_name: str = "") -> QPushButton:
        button = QPushButton(text, objectName=object_name)
        button.clicked.connect(handler)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        if needs_row:
            self._row_buttons.append(button)
            button.setEnabled(False)
        return button

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[str]]]) -> None:
        """``rows``: (key, cell texts). The selection follows its key across reloads."""
        selected = self.current_key()
        self.table.setRowCount(len(rows))
        self._keys = [key for key, _ in rows]
        for row, (_key, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if selected in self._keys:
            self.table.selectRow(self._keys.index(selected))
        self._update_buttons()

    def current_key(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self._key_of(rows[0].row()) if rows else None

    def select_key(self, key: Any) -> None:
        if key in self._keys:
            self.table.selectRow(self._keys.index(key))

    def _key_of(self, row: int) -> Any:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def _update_buttons(self) -> None:
        has_row = self.current_key() is not None
        for button in self._row_buttons:
            button.setEnabled(has_row and button.property("allowed") is not False)

    def set_allowed(self, allowed: bool) -> None:
        """Turn every action off for a clerk who may not make these changes."""
        for index in range(self.buttons.count()):
            widget = self.buttons.itemAt(index).widget()
            if isinstance(widget, QPushButton):
                widget.setProperty("allowed", allowed)
                widget.setEnabled(allowed)
        self._update_buttons()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
