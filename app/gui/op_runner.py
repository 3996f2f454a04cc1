"""The one place the GUI runs ops: every FrontDeskError becomes a Chinese message box, an op that needs a
supervisor prompts for one on this desk and runs again with them as approver, and a committed op is
announced on the context so the screens refresh."""

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.core.errors import ApprovalRequired, FrontDeskError
from app.gui.context import DeskContext
from app.gui.credentials import ApprovalDialog
from app.gui.messages import error_text, show_error, show_failure

if TYPE_CHECKING:  # the runner (pydantic, SQLAlchemy) loads with the first op, not with the desk's first frame
    from app.ops.runner import OpResult, Payload

log = logging.getLogger(__name__)

PayloadSource = Union[dict, "Payload", Callable[[], Union[dict, "Payload"]]]


def unexpected_failure(exc: Exception) -> str:
    return QCoreApplication.translate("OpRunner", "The operation failed unexpectedly: {error}").format(error=exc)


class _Relay(QObject):
    """Carries a background op's outcome to the GUI thread (a queued signal)."""

    finished = Signal(object, object)  # OpResult | None, Exception | None


class _BusyCursor:
    def __enter__(self):
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc):
        QGuiApplication.restoreOverrideCursor()


class OpRunner:
    def __init__(self, context: DeskContext):
        self.context = context

    def run(self, parent: QWidget | None, name: str, payload: PayloadSource) -> "OpResult | None":
        """Run op ``name`` as the current clerk. ``payload`` may be a callable that builds it (sealing an ID
        number, say), so its validation errors are shown the same way. Returns None if it did not commit."""
        try:
            built = payload() if callable(payload) else payload
            result = self._run_with_approval(parent, name, built)
        except FrontDeskError as err:
            show_error(parent, err)
            return None
        except Exception as exc:  # a bug must not take the desk down: say so and keep the log
            log.exception("op %s failed", name)
            show_failure(parent, unexpected_failure(exc))
            return None
        if result is not None:
            self.context.data_changed.emit(name)
        return result

    def _run_with_approval(self, parent: QWidget | None, name: str, payload) -> "OpResult | None":
        from app.ops.runner import run_op

        actor = self.context.actor
        try:
            with _BusyCursor():
                return run_op(self.context.engine, name, payload, actor)
        except ApprovalRequired as needed:
            dialog = ApprovalDialog(self.context.desk, actor, self._describe(name, payload, needed), parent)
            if dialog.exec() != ApprovalDialog.DialogCode.Accepted:
                return None
            with _BusyCursor():
                return run_op(self.context.engine, name, payload, actor, approver=dialog.approver)

    @staticmethod
    def _describe(name: str, payload, needed: ApprovalRequired) -> str:
        from app.ops.runner import spec_for

        spec = spec_for(name)
        if spec.describe is not None:
            try:
                parsed = payload if isinstance(payload, spec.payload_model) else spec.payload_model.model_validate(payload)
                return spec.describe(parsed)
            except Exception:  # the description is a courtesy; the op's own message still says what it is
                log.debug("no description for %s", name, exc_info=True)
        return error_text(needed)

    def run_in_background(self, parent: QWidget | None, name: str, payload: dict,
                          on_done: "Callable[[OpResult | None], None]") -> None:
        """Run a long op that needs no approval (charges for every unit, say) off the GUI thread, so the
        window keeps painting; ``on_done`` gets its result, or None after the error was shown, on the GUI
        thread."""
        from app.ops.runner import run_op

        actor = self.context.actor
        relay = _Relay()

        def finished(result: "OpResult | None", error: Exception | None) -> None:
            relay.deleteLater()
            if isinstance(error, FrontDeskError):
                show_error(parent, error)
            elif error is not None:
                log.error("op %s failed", name, exc_info=error)
                show_failure(parent, unexpected_failure(error))
            else:
                self.context.data_changed.emit(name)
            on_done(result if error is None else None)

        def work() -> None:
            try:
                relay.finished.emit(run_op(self.context.engine, name, payload, actor), None)
            except Exception as exc:  # reported on the GUI thread
                relay.finished.emit(None, exc)

        relay.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        threading.Thread(target=work, daemon=True, name=f"frontdesk-op-{name}").start()

    def call(self, parent: QWidget | None, work: Callable[[], Any], *, changed: str | None = None) -> Any:
        """Run other desk work (a roster import, an export) with the same error handling. Returns None
        after a shown error; announces ``changed`` on success when it wrote data."""
        try:
            with _BusyCursor():
                result = work()
        except FrontDeskError as err:
            show_error(parent, err)
            return None
        except Exception as exc:
            log.exception("desk work failed")
            show_failure(parent, unexpected_failure(exc))
            return None
        if changed:
            self.context.data_changed.emit(changed)
        return result
