"""The household panel: one search box, the matching households, and the opened household's detail.

Keyboard first: typing searches (after a short pause), Up/Down move through the results without leaving
the box, Enter opens the selected household (the first one if none is selected).

On a desk whose store is still opening (the first frame) the box takes input and the detail is an empty page;
``store_opened`` puts the detail in and searches for what was typed meanwhile."""

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from app.gui.context import DeskContext
from app.gui.op_runner import OpRunner

if TYPE_CHECKING:
    from app.gui.household_detail import UnitDetailView
    from app.store.search import UnitHit

SEARCH_PAUSE_MS = 180


class SearchBox(QLineEdit):
    """Forwards Up/Down/PageUp/PageDown to the result list so the clerk's hands stay on the box."""

    def __init__(self, results: QListWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            if self.results.currentRow() < 0 and self.results.count():
                self.results.setCurrentRow(0)
            else:
                self.results.keyPressEvent(event)
            return
        super().keyPressEvent(event)


def hit_text(hit: "UnitHit") -> str:
    people = "  ".join(f"{'▸' if person.matched else ''}{person.name}（{person.role_label}）"
                       for person in hit.people[:6])
    more = f"  …+{len(hit.people) - 6}" if len(hit.people) > 6 else ""
    return f"{hit.unit_code}    · {hit.why}\n{people}{more}"


class HouseholdPanel(QWidget):
    def __init__(self, context: DeskContext, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.results = QListWidget(objectName="searchResults")
        self.results.setAlternatingRowColors(True)
        self.results.setMinimumHeight(150)
        self.results.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        self.search_box = SearchBox(self.results)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(self.tr("Room (3-2-1501), name, initials (zs), phone, plate, ID number"))
        self.search_box.setClearButtonEnabled(True)
        self.status = QLabel(objectName="searchStatus")
        self.status.setStyleSheet("color: #555;")
        self.detail: UnitDetailView | None = None
        self._pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.run_search)
        self.search_box.textEdited.connect(lambda _text: self._pause.start())
        self.search_box.returnPressed.connect(self._enter_in_box)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.search_box)
        top_layout.addWidget(self.status)
        top_layout.addWidget(self.results, 1)
        self._splitter = QSplitter(Qt.Orientation.Vertical)
        self._splitter.addWidget(top)
        self._splitter.addWidget(QWidget(objectName="detailOpening"))  # the detail's place until the store is open
        self._splitter.setChildrenCollapsible(False)
        self._splitter.setSizes([260, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._splitter)
        self.hits: list[UnitHit] = []
        if context.desk.is_open:
            self.store_opened()
        context.data_changed.connect(self._refresh_results)

    def store_opened(self) -> None:
        """Put the household detail in place (it reads the store) and search for what was typed so far."""
        if self.detail is not None:
            return
        from app.gui.household_detail import UnitDetailView

        self.detail = UnitDetailView(self.context, self.runner)
        self._splitter.replaceWidget(1, self.detail).deleteLater()
        if self.search_box.text().strip():
            self.run_search()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def run_search(self) -> None:
        from app.store.search import search

        self._pause.stop()
        text = self.search_box.text()
        limit = self.context.desk.settings.get("search.max_results")
        self.hits = search(self.context.engine, text, cipher=self.context.desk.cipher, limit=limit)
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(Qt.ItemDataRole.UserRole, hit.unit_id)
            self.results.addItem(item)
        if self.hits:
            self.results.setCurrentRow(0)
        if not text.strip():
            self.status.setText("")
        elif len(self.hits) >= limit:
            self.status.setText(self.tr("Showing the first {count} households — type more to narrow the search")
                                .format(count=len(self.hits)))
        elif self.hits:
            self.status.setText(self.tr("{count} households found — Enter opens the selected one")
                                .format(count=len(self.hits)))
        else:
            self.status.setText(self.tr("No household matches “{text}”").format(text=text.strip()))

    def _refresh_results(self, _op_name: str) -> None:
        """A change may alter names or phones shown in the list: search again, keeping the selection."""
        if not self.search_box.text().strip():
            return
        row = self.results.currentRow()
        self.run_search()
        if 0 <= row < self.results.count():
            self.results.setCurrentRow(row)

    def _enter_in_box(self) -> None:
        if self._pause.isActive():  # Enter before the pause ended: a swiped card or a fast typist
            self.run_search()
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_unit(item.data(Qt.ItemDataRole.UserRole))

    def open_unit(self, unit_id: uuid.UUID) -> None:
        self.store_opened()  # (opens the store now if it was still opening)
        self.detail.open_unit(unit_id)
        self.context.open_unit(unit_id)
