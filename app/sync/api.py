"""The desk's HTTP client for the sync server (httpx): one method per endpoint of app.sync.protocol.

Every failure becomes a SyncError a clerk can read: the server could not be reached (network down, timeout, a
reply cut off), the server is in trouble (5xx: try again later), or the server refused (ErrorBody: revoked,
upgrade required, a gap …). Calls are synchronous; the background loop runs a whole round in a worker thread.
httpx is imported with the first client (≈0.15 s a desk start does not need to pay).
"""

import functools
import ssl
import uuid
from typing import TYPE_CHECKING, TypeVar

import pydantic

from app import __version__
from app.core.clock import now
from app.core.errors import FrontDeskError
from app.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Health,
    Message,
    PullResponse,
    PushRequest,
    PushResponse,
    ReviewList,
    RowsRequest,
    RowsResponse,
    SnapshotPage,
    UploadRequest,
)

if TYPE_CHECKING:
    import httpx

APP_VERSION = __version__
M = TypeVar("M", bound=Message)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Made once: building it (loading the CA bundle) costs more than a whole idle round on a LAN."""
    import httpx

    return httpx.create_ssl_context()


class SyncError(FrontDeskError):
    """A sync round could not finish; ``code`` says why (ErrorBody codes plus "unreachable")."""

    def __init__(self, zh: str, en: str | None = None, *, code: str = "unavailable",
                 expected_seq: int | None = None):
        super().__init__(zh, en)
        self.code = code
        self.expected_seq = expected_seq


class ServerUnreachable(SyncError):
    def __init__(self, url: str, reason: str):
        super().__init__(f"无法连接服务器 {url}（{reason}），本机继续离线工作，稍后自动重试",
                         f"Cannot reach the server {url} ({reason}); working offline, retrying later",
                         code="unreachable")


def _reason(exc: "httpx.TransportError") -> str:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "连接超时"
    if isinstance(exc, httpx.ConnectError):
        return "连接被拒绝或网络不通"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "连接中断"
    return type(exc).__name__


class ServerApi:
    def __init__(self, server_url: str, token: str = "", *, transport: "httpx.BaseTransport | None" = None,
                 timeout_seconds: float = 20.0):
        import httpx

        self.server_url = server_url.rstrip("/")
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(base_url=self.server_url, headers=headers, transport=transport,
                                    timeout=timeout_seconds, verify=_tls_context())
        self.clock_skew_seconds: int | None = None  # server time − desk time, from the last reply that had it

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "ServerApi":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- endpoints -----------------------------------------------------------------------------------------

    def health(self) -> Health:
        return self._call("GET", "/v1/health", Health)

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        return self._call("POST", "/v1/enroll", EnrollResponse, body=request)

    def push(self, request: PushRequest) -> PushResponse:
        return self._call("POST", "/v1/push", PushResponse, body=request)

    def pull(self, after: int, limit: int) -> PullResponse:
        return self._call("GET", "/v1/pull", PullResponse, params={"after": after, "limit": limit})

    def snapshot(self, table: str, after: uuid.UUID | None, limit: int) -> SnapshotPage:
        params = {"table": table, "limit": limit}
        if after is not None:
            params["after"] = str(after)
        return self._call("GET", "/v1/bootstrap", SnapshotPage, params=params)

    def upload(self, request: UploadRequest) -> None:
        self._call("POST", "/v1/upload", None, body=request)

    def rows(self, request: RowsRequest) -> RowsResponse:
        return self._call("POST", "/v1/rows", RowsResponse, body=request)

    def review(self, include_resolved: bool = False) -> ReviewList:
        return self._call("GET", "/v1/review", ReviewList,
                          params={"include_resolved": "true" if include_resolved else "false"})

    # --- plumbing ------------------------------------------------------------------------------------------

    def _call(self, method: str, path: str, answer: type[M] | None, *, body: Message | None = None,
              params: dict | None = None) -> M | None:
        import httpx

        content = body.model_dump_json().encode("utf-8") if body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else None
        sent_at = now()
        try:
            response = self._client.request(method, path, content=content, params=params, headers=headers)
        except httpx.TransportError as exc:
            raise ServerUnreachable(self.server_url, _reason(exc)) from exc
        received_at = now()
        if response.status_code >= 400:
            raise _refusal(response)
        if answer is None:
            return None
        try:
            reply = answer.model_validate_json(response.content)
        except pydantic.ValidationError as exc:
            raise SyncError("服务器的回复格式不对，可能版本不匹配，请联系管理员",
                            f"The server's reply to {path} is malformed: {exc.errors()[0]['msg']}",
                            code="invalid") from None
        server_time = getattr(reply, "server_time", None)
        if server_time is not None:  # measured against the middle of the round trip
            self.clock_skew_seconds = round((server_time - (sent_at + (received_at - sent_at) / 2)).total_seconds())
        return reply


def _refusal(response: "httpx.Response") -> SyncError:
    try:
        error = ErrorBody.model_validate_json(response.content)
    except pydantic.ValidationError:
        error = None
    if error is None:
        if response.status_code >= 500:
            return SyncError(f"服务器暂时无法处理（HTTP {response.status_code}），稍后自动重试",
                             f"The server failed (HTTP {response.status_code}); retrying later", code="unavailable")
        return SyncError(f"服务器拒绝了请求（HTTP {response.status_code}）",
                         f"The server refused the request (HTTP {response.status_code})", code="invalid")
    zh = error.message
    if error.code == "upgrade_required":
        zh = f"{error.message}（本机协议版本 {PROTOCOL_VERSION}，程序版本 {APP_VERSION}）"
    return SyncError(zh, error.message_en or error.message, code=error.code, expected_seq=error.expected_seq)
