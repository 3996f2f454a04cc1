"""What the status bar says about sync: online/offline (or standalone, revoked, upgrade needed), pending ops and
how long the oldest has waited, the last successful sync, ops the server rejected, a clock-skew warning above 5
minutes and a notice the clerk must read (a server restored from an older backup …)."""

import html
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from app.core.clock import now, to_local
from app.store.desk_status import SyncStatus

WARNING_STYLE = "color: #b00020;"


def age_text(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return QCoreApplication.translate("SyncStatus", "under a minute")
    if minutes < 120:
        return QCoreApplication.translate("SyncStatus", "{n} min").format(n=minutes)
    if minutes < 48 * 60:
        return QCoreApplication.translate("SyncStatus", "{n} h").format(n=minutes // 60)
    return QCoreApplication.translate("SyncStatus", "{n} days").format(n=minutes // (24 * 60))


def when_text(moment: datetime | None) -> str:
    if moment is None:
        return QCoreApplication.translate("SyncStatus", "never")
    local = to_local(moment)
    return local.strftime("%H:%M:%S") if local.date() == to_local(now()).date() else local.strftime("%m-%d %H:%M")


def connection_text(status: SyncStatus) -> str:
    if not status.enrolled:
        return QCoreApplication.translate("SyncStatus", "Standalone")
    if status.revoked:
        return QCoreApplication.translate("SyncStatus", "Revoked by the server")
    if status.last_error_code == "upgrade_required":
        return QCoreApplication.translate("SyncStatus", "Offline: upgrade needed")
    if not status.bootstrapped:
        return QCoreApplication.translate("SyncStatus", "Joining the server")
    if status.online:
        return QCoreApplication.translate("SyncStatus", "Online")
    return QCoreApplication.translate("SyncStatus", "Offline")


class SyncStatusLabels(QObject):
    """The sync fields of a status bar; ``notice_dismissed`` when the clerk has read the notice."""

    notice_dismissed = Signal()

    def __init__(self, bar: QStatusBar):
        super().__init__(bar)
        self.connection = QLabel(objectName="statusConnection")
        self.pending = QLabel(objectName="statusPending")
        self.oldest = QLabel(objectName="statusOldest")
        self.last_sync = QLabel(objectName="statusLastSync")
        self.rejected = QLabel(objectName="statusRejected", styleSheet=WARNING_STYLE)
        self.skew = QLabel(objectName="statusSkew", styleSheet=WARNING_STYLE)
        self.notice = QLabel(objectName="statusNotice", styleSheet=WARNING_STYLE)
        self.notice.linkActivated.connect(lambda _link: self.notice_dismissed.emit())
        for label in (self.connection, self.pending, self.oldest, self.last_sync, self.rejected, self.skew,
                      self.notice):
            bar.addWidget(label)

    def show(self, status: SyncStatus) -> None:
        self.connection.setText(self.tr("Sync: {state}").format(state=connection_text(status)))
        self.connection.setToolTip(status.last_error)
        self.connection.setStyleSheet("" if status.online or not status.enrolled else WARNING_STYLE)
        self.pending.setText(self.tr("Pending ops: {count}").format(count=status.pending))
        age = status.oldest_pending_age()
        self.oldest.setVisible(status.enrolled and age is not None)
        if age is not None:
            self.oldest.setText(self.tr("oldest waiting {age}").format(age=age_text(age)))
        self.last_sync.setVisible(status.enrolled)
        self.last_sync.setText(self.tr("Last sync: {when}").format(when=when_text(status.last_success_at)))
        self.rejected.setVisible(status.rejected > 0)
        self.rejected.setText(self.tr("Rejected by the server: {count}").format(count=status.rejected))
        self.skew.setVisible(status.enrolled and status.skew_warning)
        self.skew.setText(self.tr("This PC's clock is {minutes} min off the server's: please correct it")
                          .format(minutes=abs(status.clock_skew_seconds) // 60))
        self.notice.setVisible(bool(status.notice))
        self.notice.setText(self.tr("{notice} <a href=\"dismiss\">OK</a>").format(notice=html.escape(status.notice)))
        self.notice.setToolTip(status.notice)
