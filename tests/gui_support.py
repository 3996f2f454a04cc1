"""Helpers for GUI tests: drive modal dialogs (which block in exec()) from a timer, and make clerks."""

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.ops.clerks import add_clerk

POLL_MS = 10
GIVE_UP_MS = 5000


def when_modal(kind: type[QWidget], action: Callable[[QWidget], None], *, seen: list | None = None) -> None:
    """Call ``action(widget)`` as soon as a modal widget of ``kind`` is showing (from inside its exec())."""
    waited = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            if seen is not None:
                seen.append(widget)
            action(widget)
        elif waited[0] < GIVE_UP_MS:
            waited[0] += POLL_MS
            QTimer.singleShot(POLL_MS, poll)
        else:
            raise AssertionError(f"no modal {kind.__name__} appeared")

    QTimer.singleShot(0, poll)


def dismiss_message(texts: list[str]) -> Callable[[QWidget], None]:
    """An action for ``when_modal(QMessageBox, …)``: note the message's text, then close the box."""

    def action(box: QMessageBox) -> None:
        texts.append(box.text())
        box.accept()

    return action


def make_clerk(desk, username: str, roles: list[str], password: str = "pass123"):
    add_clerk(desk.engine, desk.admin, username, username.title(), password, roles)
    return username, password


class ModalWatchdog:
    """Closes a modal window nobody in the test answers (an unexpected message box would otherwise block
    the run forever) and remembers what it said, so the test fails instead of hanging."""

    LIMIT_MS = 8000
    TICK_MS = 200

    def __init__(self):
        self.stuck: list[str] = []
        self._seen: dict[int, int] = {}
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(self.TICK_MS)

    def _tick(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            self._seen.clear()
            return
        waited = self._seen.get(id(widget), 0) + self.TICK_MS
        self._seen[id(widget)] = waited
        if waited >= self.LIMIT_MS:
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            self.stuck.append(f"{type(widget).__name__}: {text}")
            widget.reject()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(qapp):
    watchdog = ModalWatchdog()
    yield
    watchdog.stop()
    assert not watchdog.stuck, f"a dialog nobody answered: {watchdog.stuck}"
