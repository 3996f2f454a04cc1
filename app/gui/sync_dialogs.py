"""Sync dialogs: joining a server (server URL + one-time code; an empty desk downloads the property, a desk that
already holds data uploads it as the property's initial state), and the supervisor's view of the review queue
(待处理, read from the server) beside the ops the server rejected (from this desk's outbox). Network work runs
in a thread; its answer comes back to the window through a queued signal."""

import logging
import threading
from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import to_local
from app.core.errors import FrontDeskError
from app.gui.messages import error_text
from app.gui.tables import ActionTable
from app.ops.desk import Desk
from app.ops.runner import Actor
from app.sync.enroll import EnrollReport, enroll
from app.sync.protocol import ReviewList
from app.sync.review import fetch_review
from app.sync.state import rejected_ops, sync_status

log = logging.getLogger(__name__)
REVIEW_PERMISSION = "ops.approve"


class BackgroundCall(QObject):
    """Run ``work(progress)`` in a thread; ``done(result)`` or ``failed(text)`` arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(str)

    def start(self, work: Callable[[Callable[[str], None]], Any]) -> None:
        def run() -> None:
            try:
                result = work(self.progress.emit)
            except FrontDeskError as err:
                self.failed.emit(error_text(err))
            except Exception as exc:  # shown, logged, and the dialog stays usable
                log.exception("background work failed")
                self.failed.emit(str(exc))
            else:
                self.done.emit(result)

        threading.Thread(target=run, daemon=True, name="frontdesk-sync-dialog").start()


class EnrollDialog(QDialog):
    def __init__(self, desk: Desk, actor: Actor | None, parent: QWidget | None = None, *,
                 transport: httpx.BaseTransport | None = None):
        super().__init__(parent)
        self.desk, self.actor, self.transport = desk, actor, transport
        self.report: EnrollReport | None = None
        self.setWindowTitle(self.tr("Join a server"))
        has_data = desk.device().property_id is not None
        intro = QLabel(self.tr("This desk's data will be uploaded as the property's initial data on the server. "
                               "Do this only for the property's first desk.") if has_data else
                       self.tr("The property's data will be downloaded from the server."), wordWrap=True)
        self.server = QLineEdit(objectName="serverUrl")
        self.server.setPlaceholderText("http://192.168.1.10:8470")
        self.code = QLineEdit(objectName="enrollCode", maxLength=64)
        self.name = QLineEdit(objectName="deviceName", maxLength=60)
        self.status = QLabel(objectName="enrollStatus", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.tr("&Server address"), self.server)
        form.addRow(self.tr("One-time &code"), self.code)
        form.addRow(self.tr("This desk's &name"), self.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Join"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.call = BackgroundCall(self)
        self.call.done.connect(self._finished)
        self.call.failed.connect(self._failed)
        self.call.progress.connect(self.status.setText)

    def start(self) -> None:
        server, code = self.server.text().strip(), self.code.text().strip()
        if not server or not code:
            self._failed(self.tr("Enter the server address and the one-time code."))
            return
        self.buttons.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Connecting to {server}…").format(server=server))
        self.call.start(lambda progress: enroll(self.desk, server, code, actor=self.actor,
                                                device_name=self.name.text().strip(), transport=self.transport,
                                                progress=progress))

    def _finished(self, report: EnrollReport) -> None:
        self.report = report
        self.accept()

    def _failed(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)


class ReviewDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None, *, transport: httpx.BaseTransport | None = None):
        super().__init__(parent)
        self.desk, self.transport = desk, transport
        self.setWindowTitle(self.tr("Review queue and rejected operations"))
        self.review_note = QLabel(objectName="reviewNote", wordWrap=True)
        self.review = ActionTable([self.tr("Raised"), self.tr("Kind"), self.tr("What happened"), self.tr("State")],
                                  stretch_column=2)
        self.review.setObjectName("reviewTable")
        self.review.add_button(self.tr("&Refresh"), self.load_review, object_name="refreshReview")
        self.rejected = ActionTable([self.tr("No."), self.tr("Time"), self.tr("Clerk"), self.tr("Operation"),
                                     self.tr("Why the server refused it")], stretch_column=4)
        self.rejected.setObjectName("rejectedTable")
        review_page = QWidget()
        review_layout = QVBoxLayout(review_page)
        review_layout.addWidget(self.review_note)
        review_layout.addWidget(self.review, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(review_page, self.tr("Review queue (server)"))
        self.tabs.addTab(self.rejected, self.tr("Rejected on this desk"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.call = BackgroundCall(self)
        self.call.done.connect(self._show_review)
        self.call.failed.connect(self._review_failed)
        self.resize(900, 520)
        self.load_rejected()
        self.load_review()

    def load_rejected(self) -> None:
        self.rejected.set_rows([
            (op.op_id, (str(op.device_seq), to_local(op.client_time).strftime("%Y-%m-%d %H:%M"), op.clerk_name,
                        op.summary or op.name, op.reason))
            for op in rejected_ops(self.desk.engine)])

    def load_review(self) -> None:
        if not sync_status(self.desk.engine).enrolled:
            self.review_note.setText(self.tr("This desk is standalone: there is no review queue."))
            return
        self.review_note.setText(self.tr("Loading from the server…"))
        self.call.start(lambda _progress: fetch_review(self.desk, include_resolved=True, transport=self.transport))

    def _show_review(self, review: ReviewList) -> None:
        open_items = sum(item.resolved_at is None for item in review.items)
        self.review_note.setText(self.tr("{open} open, {total} in all. Items are resolved on the server.")
                                 .format(open=open_items, total=len(review.items)))
        self.review.set_rows([
            (item.id, (to_local(item.created_at).strftime("%Y-%m-%d %H:%M"), item.kind, item.summary,
                       self.tr("Open") if item.resolved_at is None else
                       self.tr("Resolved: {how}").format(how=item.resolution or item.resolved_by)))
            for item in review.items])

    def _review_failed(self, text: str) -> None:
        self.review_note.setText(self.tr("The review queue cannot be read now: {reason}").format(reason=text))
