"""First run of a desk: the property it serves, then its administrator (a clerk belongs to a property)."""

from sqlalchemy import update

from app.core.clock import now
from app.core.ids import new_id
from app.ops.clerks import create_first_admin, first_admin_payload
from app.ops.desk import Desk
from app.ops.runner import Actor, parse_payload, run_op, spec_for
from app.store.db import transaction
from app.store.models import Device


def first_run(desk: Desk, *, property_code: str, property_name: str, admin_username: str,
              admin_display_name: str, admin_password: str, address: str = "") -> Actor:
    """Both payloads are checked before either is written. A first run stopped between the two ops (the property
    made, no admin yet) is finished by the next one, on the same property."""
    property_id = desk.device().property_id or new_id()
    admin = first_admin_payload(property_id, admin_username, admin_display_name, admin_password)
    property_payload = parse_payload(spec_for("registry.create_property"), {
        "property_id": property_id, "code": property_code.strip().upper(), "name": property_name.strip(),
        "address": address, "at": now()})
    if desk.device().property_id is None:
        bootstrap = Actor(admin.clerk_id, admin.username, admin.display_name, ("admin",))
        run_op(desk.engine, "registry.create_property", property_payload, bootstrap)
        with transaction(desk.engine) as session:
            session.execute(update(Device).where(Device.id == 1).values(property_id=property_id))
    actor = create_first_admin(desk.engine, admin)
    property_row = desk.property_row()
    desk.settings.set("desk.property_code", property_row.code)
    desk.settings.set("desk.property_name", property_row.name)
    desk.settings.save()
    return actor
