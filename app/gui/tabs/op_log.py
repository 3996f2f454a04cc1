"""操作记录: this desk's ops from the outbox, newest first — time, clerk, what was done, approver, and
whether the server has it yet."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.clock import to_local
from app.gui.context import DeskContext
from app.gui.tables import ActionTable
from app.store.queries import outbox_counts, recent_ops

SHOWN_OPS = 500


def status_label(status: str) -> str:
    labels = {
        "pending": QCoreApplication.translate("OpLogTab", "Pending"),
        "acked": QCoreApplication.translate("OpLogTab", "Acknowledged"),
        "rejected": QCoreApplication.translate("OpLogTab", "Rejected"),
    }
    return labels.get(status, status)


class OpLogTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.summary = QLabel(objectName="opLogSummary")
        self.table = ActionTable([self.tr("No."), self.tr("Time"), self.tr("Clerk"), self.tr("Operation"),
                                  self.tr("Op"), self.tr("Approved by"), self.tr("State")], stretch_column=3)
        self.table.setObjectName("opLogTable")
        self.table.add_button(self.tr("&Refresh"), self.reload, object_name="refreshOps")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        context.data_changed.connect(lambda _name: self.reload())
        self.reload()

    def reload(self) -> None:
        counts = outbox_counts(self.context.engine)
        self.summary.setText(self.tr("{pending} pending · {acked} acknowledged · {rejected} rejected (the newest "
                                     "{shown} are listed)").format(pending=counts.pending, acked=counts.acked,
                                                                   rejected=counts.rejected, shown=SHOWN_OPS))
        self.table.set_rows([
            (entry.op_id, (str(entry.device_seq), to_local(entry.client_time).strftime("%Y-%m-%d %H:%M:%S"),
                           entry.clerk_name, entry.summary or entry.name, entry.name, entry.approver_name,
                           status_label(entry.status)))
            for entry in recent_ops(self.context.engine, SHOWN_OPS)])
