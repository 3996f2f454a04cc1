"""The property's review queue (待处理), read from the server for the supervisor's view on the desk."""

import httpx

from app.ops.desk import Desk
from app.store.db import reading
from app.sync.api import ServerApi
from app.sync.protocol import ReviewList
from app.sync.state import require_state


def fetch_review(desk: Desk, *, include_resolved: bool = False,
                 transport: httpx.BaseTransport | None = None) -> ReviewList:
    with reading(desk.engine) as session:
        state = require_state(session)
        server_url, token = state.server_url, state.token
    with ServerApi(server_url, token, transport=transport,
                   timeout_seconds=desk.settings.get("sync.timeout_seconds")) as api:
        return api.review(include_resolved)
