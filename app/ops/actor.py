"""Who acts at the desk: a logged-in clerk (or a supervisor who approved at the desk). A plain dataclass, apart from
the op runner, so the desk's first frame (which shows the clerk) does not load the runner's libraries."""

import uuid
from dataclasses import dataclass

from app.domain.permissions import has_permission


@dataclass(frozen=True)
class Actor:
    clerk_id: uuid.UUID
    username: str
    display_name: str
    roles: tuple[str, ...]

    def can(self, permission: str) -> bool:
        return has_permission(self.roles, permission)
