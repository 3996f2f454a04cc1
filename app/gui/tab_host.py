"""The tab widget beside the household panel. A tab is one module exposing a ``TabSpec``; the list in
``app.gui.tabs`` decides which tabs exist and in what order, and each spec says who may see it. F1…F12
switch to the first twelve tabs."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

from app.gui.context import DeskContext
from app.gui.op_runner import OpRunner
from app.ops.runner import Actor

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
        self._built: dict[str, QWidget] = {}
        self.rebuild()
        context.actor_changed.connect(self.rebuild)
        for index, key in enumerate(FUNCTION_KEYS):
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda index=index: self.switch_to(index))

    def rebuild(self) -> None:
        """Show the tabs this clerk may use (after a login switch at the lock screen, say)."""
        current = self.current_key()
        self.clear()
        for spec in self.specs:
            if not spec.available(self.context.actor):
                continue
            widget = self._built.get(spec.key)
            if widget is None:
                widget = spec.build(self.context, self.runner)
                widget.setObjectName(f"tab_{spec.key}")
                self._built[spec.key] = widget
            number = self.count() + 1
            label = f"{spec.title()}  F{number}" if number <= len(FUNCTION_KEYS) else spec.title()
            self.addTab(widget, label)
        for spec_key, widget in list(self._built.items()):
            if self.indexOf(widget) < 0:  # no longer allowed: drop it so nothing of it stays in memory
                widget.deleteLater()
                del self._built[spec_key]
        if current is not None:
            self.show_tab(current)

    def tab_keys(self) -> list[str]:
        return [key for index in range(self.count()) for key, w in self._built.items() if w is self.widget(index)]

    def current_key(self) -> str | None:
        return next((key for key, widget in self._built.items() if widget is self.currentWidget()), None)

    def show_tab(self, key: str) -> bool:
        widget = self._built.get(key)
        if widget is None or self.indexOf(widget) < 0:
            return False
        self.setCurrentWidget(widget)
        return True

    def switch_to(self, index: int) -> None:
        if 0 <= index < self.count():
            self.setCurrentIndex(index)
            self.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)
