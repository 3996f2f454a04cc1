"""A property made on the server with an admin and one enrolled desk whose ops the test writes as envelopes
(no desk database): for tests of the server's push path."""

from sqlalchemy import select

from app.core.ids import new_id
from app.server.properties import AdminAccount
from app.store.db import reading
from app.store.models import Clerk
from tests.conftest import AT
from tests.server_support import push


def _envelope(seq: int, name: str, payload: dict, actor_id) -> dict:
    return {"op_id": str(new_id()), "seq": seq, "name": name, "version": 1, "actor_id": str(actor_id),
            "approver_id": None, "client_time": AT.isoformat(), "payload": {**payload, "at": AT.isoformat()}}


class Terminal:
    """One enrolled desk of a site: its own seq, its own terminal code."""

    def __init__(self, site: "Site"):
        self.site = site
        self.enrolled = site.server.enroll(site.code)
        self.terminal = self.enrolled["terminal_code"]
        self.seq = 0

    def envelopes(self, ops: list[tuple[str, dict]]) -> list[dict]:
        made = [_envelope(self.seq + i, name, payload, self.site.admin_id) for i, (name, payload) in enumerate(ops, 1)]
        self.seq += len(made)
        return made

    def push(self, ops: list[tuple[str, dict]]) -> dict:
        answer = push(self.site.server, self.enrolled, self.envelopes(ops))
        assert answer.status_code == 200, answer.text
        return answer.json()

    def open_shift(self) -> str:
        shift_id = str(new_id())
        self.push([("billing.open_shift", {"shift_id": shift_id, "property_id": str(self.site.property_id),
                                           "terminal_code": self.terminal})])
        return shift_id

    def payment(self, shift_id: str, receipt_no: str, amount_fen: int = 5000, unit: int = 0) -> tuple[str, dict]:
        """A prepayment of a plain amount in cash, numbered ``receipt_no`` (as the desk's counter would)."""
        return "billing.record_payment", {
            "payment_id": str(new_id()), "unit_id": str(self.site.unit_ids[unit]), "shift_id": shift_id,
            "prepay": {"amount_fen": amount_fen}, "tenders": [{"method": "cash", "amount_fen": amount_fen}],
            "terminal_code": self.terminal, "receipt_no": receipt_no}


class Site:
    """A property made on the server with an admin, one enrolled desk (``desk``), and units that desk pushed."""

    def __init__(self, server, code: str, units: int = 3):
        self.server, self.code = server, code
        self.property_id = server.property(code, f"小区{code}", admin=AdminAccount("admin", "管理员", "admin-pass1"))
        with reading(server.engine) as session:
            self.admin_id = session.scalar(select(Clerk.id).where(Clerk.property_id == self.property_id))
        self.desk = Terminal(self)
        self.enrolled = self.desk.enrolled
        building_id = new_id()
        self.unit_ids = [new_id() for _ in range(units)]
        self.push([("registry.create_building", {"building_id": str(building_id),
                                                 "property_id": str(self.property_id), "code": "1"})]
                  + [("registry.create_unit", {"unit_id": str(unit_id), "building_id": str(building_id),
                                               "entrance": "1", "room": f"{i + 1:02d}01", "gross_area_dm2": 9000,
                                               "indoor_area_dm2": 7500})
                     for i, unit_id in enumerate(self.unit_ids)])

    def envelopes(self, ops: list[tuple[str, dict]]) -> list[dict]:
        return self.desk.envelopes(ops)

    def push(self, ops: list[tuple[str, dict]]) -> dict:
        return self.desk.push(ops)

    @property
    def seq(self) -> int:
        return self.desk.seq

    def note(self, text: str, unit: int = 0, name: str = "registry.add_note") -> tuple[str, dict]:
        return name, {"note_id": str(new_id()), "unit_id": str(self.unit_ids[unit]), "text": text}
