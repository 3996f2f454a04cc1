"""What every widget needs: the desk, the clerk at it, and notice of changes (tabs refresh on these
signals rather than polling).

The desk is an open Desk, or at start an OpeningDesk whose store opens right after the first frame: ``engine``
(and any other use of the store) opens it then and there."""

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.domain.permissions import ROLES
from app.gui.messages import is_chinese
from app.ops.actor import Actor

if TYPE_CHECKING:
    from app.ops.desk import Desk
    from app.ops.desk_opening import OpeningDesk


def role_names(roles: tuple[str, ...] | list[str]) -> str:
    labels = [(ROLES[c].name_zh if is_chinese() else ROLES[c].name_en) for c in roles if c in ROLES]
    return "、".join(labels) if is_chinese() else ", ".join(labels)


class DeskContext(QObject):
    actor_changed = Signal()
    data_changed = Signal(str)  # an op committed: its name
    unit_opened = Signal(object)  # the household panel opened a unit: its id (uuid.UUID)

    def __init__(self, desk: "Desk | OpeningDesk", actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.desk = desk
        self.actor = actor
        self.current_unit_id: uuid.UUID | None = None

    @property
    def engine(self):
        return self.desk.engine

    def set_actor(self, actor: Actor) -> None:
        changed = actor != self.actor
        self.actor = actor
        if changed:
            self.actor_changed.emit()

    def open_unit(self, unit_id: uuid.UUID | None) -> None:
        self.current_unit_id = unit_id
        self.unit_opened.emit(unit_id)
