"""One sync round: finish the initial state if enrollment left it unfinished, push pending ops, re-read the
rows of settled ops, pull until the server has nothing more (and re-read what could not be re-read before).
``frontdesk sync`` runs one; the background loop runs them on a timer and on demand. The outcome (and the clock
skew measured from the server's time) is kept in SyncState for the status bar; a failed round leaves everything
as it was, to be tried again."""

import logging
from dataclasses import asdict, dataclass, field

import httpx

from app.core.clock import now
from app.core.settings import Settings
from app.ops.desk import Desk
from app.store.db import reading
from app.sync.api import ServerApi, SyncError
from app.sync.initial import InitialSummary, Progress, _quiet, complete_initial_state
from app.sync.pull import PullSummary, pull_changes
from app.sync.push import PushSummary, push_pending, refresh_settled
from app.sync.state import SyncStatus, device_identity, record_outcome, require_state, sync_status

log = logging.getLogger(__name__)

REVOKED_NOTICE = "本机已被服务器停用（吊销），不能再同步。本机数据仍然保留；请联系管理员重新登记本机。"


@dataclass
class RoundReport:
    ok: bool
    error: str = ""
    error_code: str = ""
    initial: InitialSummary | None = None
    pushed: PushSummary = field(default_factory=PushSummary)
    refreshed: int = 0
    pulled: PullSummary = field(default_factory=PullSummary)
    status: SyncStatus | None = None

    def as_dict(self) -> dict:
        out = {"ok": self.ok, "error": self.error, "error_code": self.error_code,
               "pushed": asdict(self.pushed), "refreshed": self.refreshed, "pulled": asdict(self.pulled),
               "initial": asdict(self.initial) if self.initial else None}
        out["status"] = self.status.as_dict() if self.status else None
        return out


def sync_round(desk: Desk, *, transport: httpx.BaseTransport | None = None, settings: Settings | None = None,
               progress: Progress = _quiet) -> RoundReport:
    settings = settings or desk.settings
    with reading(desk.engine) as session:
        state = require_state(session)
        server_url, token = state.server_url, state.token
        already_revoked = state.last_error_code == "revoked"
    attempted_at = now()
    report = RoundReport(ok=False)
    api = ServerApi(server_url, token, transport=transport, timeout_seconds=settings.get("sync.timeout_seconds"))
    try:
        device_id, _terminal = device_identity(desk.engine)
        report.initial = complete_initial_state(desk.engine, api, progress=progress)
        report.pushed = push_pending(desk.engine, api, device_id)
        # Before the pull (a rejected op's local row must go before a pulled one takes its unique key) and after
        # it (a re-read row may point at rows only the pull brings).
        report.refreshed = refresh_settled(desk.engine, api, device_id)
        report.pulled = pull_changes(desk.engine, api, settings.get("sync.pull_page_size"))
        report.refreshed += refresh_settled(desk.engine, api, device_id)
        report.ok = True
    except SyncError as err:
        report.error, report.error_code = str(err), err.code
    except Exception as exc:  # a bug or a local database error: keep the desk working, show it, retry later
        log.exception("sync round failed")
        report.error, report.error_code = f"同步出错：{exc}", "internal"
    finally:
        api.close()
    notice = REVOKED_NOTICE if report.error_code == "revoked" and not already_revoked else None
    record_outcome(desk.engine, attempted_at=attempted_at, ok=report.ok, error=report.error,
                   error_code=report.error_code, skew_seconds=api.clock_skew_seconds, notice=notice)
    report.status = sync_status(desk.engine)
    return report
