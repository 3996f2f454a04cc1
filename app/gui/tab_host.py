"""The tab widget beside the household panel. A tab is one module exposing a ``TabSpec``; the list in
``app.gui.tabs`` decides which tabs exist and in what order, and each spec says who may see it. F1…F12
switch to the first twelve tabs.

A tab's widget is built the first time it becomes current (the current one at start): until then a page saying
"Loading…" holds its place, so the desk starts without loading the other tabs' data. A window painted before its
store is open shows the tab bar (the specs are light: app.gui.tabs) and builds the current tab once the store
is open (``store_opened``): a tab's module loads the store."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from app.gui.context import DeskContext
from app.gui.op_runner import OpRunner
from app.ops.actor import Actor

FUNCTION_KEYS = tuple(getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13))


def everyone(_actor: Actor) -> bool:
    return True


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: Callable[[], str]  # translated when the tab is built
    build: Callable[[DeskContext, OpRunner], QWidget]
    available: Callable[[Actor], bool] = everyone


class TabHost(QTabWidget):
    def __init__(self, context: DeskContext, runner: OpRunner, specs: Sequence[TabSpec],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tabHost")
        self.context, self.runner, self.specs = context, runner, tuple(specs)
        self.setDocumentMode(True)
        self._built: dict[str, QWidget] = {}  # the tabs' widgets, once built
        self._pages: dict[str, QWidget] = {}  # what each shown tab holds: its widget, or a page keeping its place
        self.currentChanged.connect(self._build_tab)
        self.rebuild()
        context.actor_changed.connect(self.rebuild)
        for index, key in enumerate(FUNCTION_KEYS):
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda index=index: self.switch_to(index))

    def store_opened(self) -> None:
        """The store the tabs read is open: build the current tab (the others are built when shown)."""
        self._build_tab(self.currentIndex())

    def rebuild(self) -> None:
        """Show the tabs this clerk may use (after a login switch at the lock screen, say)."""
        current = self.current_key()
        with QSignalBlocker(self):
            self.clear()
            for spec in self.specs:
                if not spec.available(self.context.actor):
                    continue
                page = self._pages.get(spec.key)
                if page is None:
                    page = self._pages[spec.key] = QLabel(self.tr("Loading…"), objectName=f"unbuilt_{spec.key}",
                                                          alignment=Qt.AlignmentFlag.AlignCenter)
                number = self.count() + 1
                self.addTab(page, f"{spec.title()}  F{number}" if number <= len(FUNCTION_KEYS) else spec.title())
            for key, page in list(self._pages.items()):
                if self.indexOf(page) < 0:  # no longer allowed: drop it so nothing of it stays in memory
                    page.deleteLater()
                    del self._pages[key]
                    self._built.pop(key, None)
            if current is not None and current in self._pages:
                self.setCurrentWidget(self._pages[current])
        self._build_tab(self.currentIndex())

    def _build_tab(self, index: int) -> None:
        """Put the tab's widget in place of the page that held it, if it is not built yet."""
        key = self._key_of(self.widget(index))
        if key is None or key in self._built or not self.context.desk.is_open:
            return
        spec = next(spec for spec in self.specs if spec.key == key)
        widget = spec.build(self.context, self.runner)
        widget.setObjectName(f"tab_{key}")
        self._built[key] = widget
        with QSignalBlocker(self):
            label, current = self.tabText(index), self.currentIndex()
            placeholder = self._pages[key]
            self.removeTab(index)
            placeholder.deleteLater()
            self.insertTab(index, widget, label)
            self._pages[key] = widget
            self.setCurrentIndex(current)

    def _key_of(self, page: QWidget | None) -> str | None:
        return next((key for key, shown in self._pages.items() if shown is page), None) if page else None

    def built_keys(self) -> list[str]:
        return list(self._built)

    def tab_keys(self) -> list[str]:
        return [self._key_of(self.widget(index)) for index in range(self.count())]

    def current_key(self) -> str | None:
        return self._key_of(self.currentWidget())

    def show_tab(self, key: str) -> bool:
        page = self._pages.get(key)
        if page is None or self.indexOf(page) < 0:
            return False
        self.setCurrentWidget(page)
        self._build_tab(self.currentIndex())  # (currentChanged built it, unless it was current already)
        return True

    def switch_to(self, index: int) -> None:
        if 0 <= index < self.count():
            self.setCurrentIndex(index)
            self.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)
