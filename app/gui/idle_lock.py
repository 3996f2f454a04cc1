"""Idle lock: after ``security.idle_lock_minutes`` without keyboard or mouse input, every open window is
covered and an unlock dialog asks for the clerk's password (or another clerk's login)."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.gui.context import DeskContext

if TYPE_CHECKING:
    from app.gui.credentials import UnlockDialog

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})


class LockCover(QWidget):
    """An opaque sheet over a window's contents, so nothing on it can be read while the desk is locked."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCover { background: #2f3b4c; } QLabel { color: white; font-size: 20pt; }")
        label = QLabel(self.tr("Locked"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, context: DeskContext, window: QMainWindow):
        super().__init__(window)
        self.context = context
        self.window = window
        self.dialog: UnlockDialog | None = None
        self._covers: list[LockCover] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.set_timeout_ms(context.desk.settings.get("security.idle_lock_minutes") * 60_000)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_timeout_ms(self, milliseconds: int) -> None:
        """0 turns the lock off."""
        self._timeout_ms = milliseconds
        self._timer.stop()
        if milliseconds > 0 and not self.is_locked:
            self._timer.start(milliseconds)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timeout_ms > 0 and not self.is_locked:
            self._timer.start(self._timeout_ms)
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        from app.gui.credentials import UnlockDialog

        self._timer.stop()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, LockCover):
                self._covers.append(LockCover(window))
        self.dialog = UnlockDialog(self.context.desk, self.context.actor, self.window)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._on_unlocked)
        self.dialog.show()
        self.locked.emit()

    def _on_unlocked(self) -> None:
        actor = self.dialog.actor
        self.dialog.deleteLater()
        self.dialog = None
        for cover in self._covers:
            if isValid(cover):  # a dialog closed meanwhile took its cover with it
                cover.deleteLater()
        self._covers.clear()
        self.context.set_actor(actor)
        if self._timeout_ms > 0:
            self._timer.start(self._timeout_ms)
        self.unlocked.emit()

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
