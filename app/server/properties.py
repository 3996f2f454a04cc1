"""Properties on the server. ``properties create`` makes the Property row through the desk's own op handler
(registry.create_property), so the row has the same shape as a desk's, plus the property's new field key.

A property made without an admin waits for a standalone desk to upload its data (its initial state). With
``admin`` it starts empty but usable: the admin account is made here (clerks.create) and desks bootstrap.
"""

import base64
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from app.core.clock import now
from app.core.crypto import generate_master_key
from app.core.ids import new_id
from app.core.passwords import hash_password
from app.ops.clerks import check_password_strength
from app.ops.runner import OpContext, parse_payload, spec_for
from app.server.changes import lock_property, log_changes, run_on_server
from app.store.db import reading, transaction
from app.store.models import Property
from app.store.sync_models import ServerProperty, SyncDevice

# The actor recorded on ops the server itself runs (``frontdesk-server properties create``).
SERVER_ACTOR = uuid.uuid5(uuid.NAMESPACE_URL, "frontdesk-server/admin-command")


@dataclass(frozen=True)
class AdminAccount:
    username: str
    display_name: str
    password: str


def _run(session, held: ServerProperty | None, name: str, payload: dict, property_id: uuid.UUID) -> None:
    spec = spec_for(name)
    op_id = new_id()
    applied = run_on_server(session, spec, parse_payload(spec, payload), OpContext(op_id, SERVER_ACTOR, None),
                            property_id)
    if held is not None:
        log_changes(session, held, applied.rows, op_id)


def create_property(engine: Engine, code: str, name: str, address: str = "",
                    admin: AdminAccount | None = None) -> uuid.UUID:
    if admin is not None:
        check_password_strength(admin.password)
    property_id = new_id()
    at = now()
    with transaction(engine) as session:
        _run(session, None, "registry.create_property",
             {"property_id": property_id, "code": code.strip().upper(), "name": name.strip(), "address": address,
              "at": at}, property_id)
        session.add(ServerProperty(property_id=property_id, created_at=at,
                                   field_key=base64.b64encode(generate_master_key()).decode("ascii")))
        session.flush()
        if admin is not None:
            held = lock_property(session, property_id)
            _run(session, held, "clerks.create",
                 {"clerk_id": new_id(), "property_id": property_id, "username": admin.username,
                  "display_name": admin.display_name, "password_hash": hash_password(admin.password),
                  "roles": ["admin"], "at": at}, property_id)
            held.initialized = True
            session.add(held)
    return property_id


@dataclass(frozen=True)
class PropertySummary:
    id: uuid.UUID
    code: str
    name: str
    initialized: bool
    change_seq: int
    devices: int


def list_properties(engine: Engine) -> list[PropertySummary]:
    with reading(engine) as session:
        found = session.execute(select(Property, ServerProperty)
                                .join(ServerProperty, ServerProperty.property_id == Property.id)
                                .order_by(Property.code)).all()
        summaries = []
        for prop, held in found:
            devices = len(session.scalars(select(SyncDevice.id).where(SyncDevice.property_id == prop.id,
                                                                      SyncDevice.revoked_at.is_(None))).all())
            summaries.append(PropertySummary(prop.id, prop.code, prop.name, held.initialized, held.change_seq,
                                             devices))
        return summaries
