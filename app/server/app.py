"""The FastAPI application. Stateless between requests: everything lives in the database, so several
processes may serve one PostgreSQL database behind a load balancer."""

import uuid
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from app import __version__
from app.core.clock import now
from app.server import devices, reads, review, upload
from app.server.errors import (
    ERROR_RESPONSES,
    ApiError,
    api_error_handler,
    check_protocol,
    error_response,
    malformed_request_handler,
    unavailable,
)
from app.server.push import push
from app.sync.protocol import (
    MAX_PAGE,
    PROTOCOL_HEADER,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    EnrollRequest,
    EnrollResponse,
    Health,
    PullResponse,
    PushRequest,
    PushResponse,
    ReviewList,
    RowsRequest,
    RowsResponse,
    SnapshotPage,
    UploadRequest,
)

_bearer = HTTPBearer(auto_error=False, description="the token from enrollment")


async def _database_trouble(_request: Request, _exc: Exception) -> Response:
    # A lost connection, a lock timeout, a failover: the transaction rolled back whole; the desk retries.
    return error_response(503, unavailable().body)


def create_app(engine: Engine) -> FastAPI:
    import app.ops.catalog  # noqa: F401  (every op handler, old versions included)

    api = FastAPI(title="FrontDesk sync server", version=__version__,
                  description=f"Desk ⇄ server sync, protocol {PROTOCOL_MIN}–{PROTOCOL_MAX}. "
                              "Every non-2xx answer is an ErrorBody.")
    api.add_exception_handler(ApiError, api_error_handler)
    api.add_exception_handler(RequestValidationError, malformed_request_handler)
    api.add_exception_handler(OperationalError, _database_trouble)
    api.add_exception_handler(DBAPIError, _database_trouble)

    def device(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
               protocol: Annotated[int | None, Header(alias=PROTOCOL_HEADER)] = None) -> devices.DeviceIdentity:
        check_protocol(protocol)
        return devices.authenticate(engine, credentials.credentials if credentials else None)

    Device = Annotated[devices.DeviceIdentity, Depends(device)]

    @api.get("/v1/health", response_model=Health, responses=ERROR_RESPONSES)
    def health() -> Health:
        return Health(status="ok", protocol_min=PROTOCOL_MIN, protocol_max=PROTOCOL_MAX, server_time=now())

    @api.post("/v1/enroll", response_model=EnrollResponse, responses=ERROR_RESPONSES)
    def enroll(request: EnrollRequest) -> EnrollResponse:
        return devices.enroll(engine, request)

    @api.post("/v1/push", response_model=PushResponse, responses=ERROR_RESPONSES)
    def push_ops(request: PushRequest, who: Device) -> PushResponse:
        return push(engine, who, request)

    @api.get("/v1/pull", response_model=PullResponse, responses=ERROR_RESPONSES)
    def pull(who: Device, after: Annotated[int, Query(ge=0)] = 0,
             limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000) -> PullResponse:
        return reads.pull(engine, who, after, limit)

    @api.get("/v1/bootstrap", response_model=SnapshotPage, responses=ERROR_RESPONSES)
    def bootstrap(who: Device, table: str, after: uuid.UUID | None = None,
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000) -> SnapshotPage:
        return reads.snapshot_page(engine, who, table, after, limit)

    @api.post("/v1/upload", status_code=204, responses=ERROR_RESPONSES)
    def upload_page(request: UploadRequest, who: Device) -> Response:
        upload.upload(engine, who, request)
        return Response(status_code=204)

    @api.post("/v1/rows", response_model=RowsResponse, responses=ERROR_RESPONSES)
    def rows(request: RowsRequest, who: Device) -> RowsResponse:
        check_protocol(request.protocol)
        return reads.rows(engine, who, request)

    @api.get("/v1/review", response_model=ReviewList, responses=ERROR_RESPONSES)
    def review_queue(who: Device, include_resolved: bool = False) -> ReviewList:
        return ReviewList(items=review.review_entries(engine, who.property_id, include_resolved=include_resolved),
                          server_time=now())

    return api


def app_from_environment() -> FastAPI:
    """The app of one server process among several (``frontdesk-server serve --workers N``): the database URL
    comes from the environment the command set."""
    from app.server.config import database_url, make_engine

    return create_app(make_engine(database_url()))
