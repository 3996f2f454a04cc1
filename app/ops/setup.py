"""First run of a desk: the property it serves and its administrator."""

from sqlalchemy import update

from app.core.clock import now
from app.core.ids import new_id
from app.ops.clerks import create_first_admin
from app.ops.desk import Desk
from app.ops.runner import Actor, run_op
from app.store.db import transaction
from app.store.models import Device


def first_run(desk: Desk, *, property_code: str, property_name: str, admin_username: str,
              admin_display_name: str, admin_password: str, address: str = "") -> Actor:
    admin = create_first_admin(desk.engine, admin_username, admin_display_name, admin_password)
    property_id = new_id()
    run_op(desk.engine, "registry.create_property",
           {"property_id": property_id, "code": property_code.strip().upper(), "name": property_name.strip(),
            "address": address, "at": now()}, admin)
    with transaction(desk.engine) as session:
        session.execute(update(Device).where(Device.id == 1).values(property_id=property_id))
    desk.settings.set("desk.property_code", property_code.strip().upper())
    desk.settings.set("desk.property_name", property_name.strip())
    desk.settings.save()
    return admin
