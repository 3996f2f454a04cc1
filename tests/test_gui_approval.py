"""Supervisor approval at the desk: a clerk ends an owner's occupancy, the runner prompts for a supervisor,
and only a supervisor's right password lets the op through (recorded as its approver)."""

from sqlalchemy import select

from app.gui.credentials import ApprovalDialog
from app.gui.main_window import MainWindow
from app.gui.registry_dialogs import EndOccupancyDialog
from app.ops.clerks import authenticate
from app.store.db import reading
from app.store.models import AuditLog, Clerk, Occupancy, Outbox
from tests.conftest import add_person, make_unit
from tests.gui_support import (
    make_clerk,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
    when_modal,
)


def _setup(qtbot, desk):
    make_clerk(desk, "zhuguan", ["supervisor"], "boss123")
    make_clerk(desk, "xiaowang", ["clerk"], "clerk123")
    make_clerk(desk, "xiaozhao", ["clerk"], "clerk456")
    unit_id = make_unit(desk, desk.admin)
    owner_id = add_person(desk, desk.admin, unit_id, "张三", "owner")
    window = MainWindow(desk, authenticate(desk.engine, "xiaowang", "clerk123"))
    qtbot.addWidget(window)
    window.show()
    window.household.open_unit(unit_id)
    table = window.household.detail.people.table
    table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "张三"))
    return window, owner_id


def _end_owner_tie(window, on_approval) -> None:
    """Fill the end-occupancy dialog and press OK; ``on_approval(dialog)`` answers the approval prompt."""

    def fill(dialog: EndOccupancyDialog) -> None:
        dialog.reason.setCurrentText("房屋已出售")
        when_modal(ApprovalDialog, on_approval)
        dialog.accept()
        if dialog.isVisible():  # not approved: the clerk gives up
            dialog.reject()

    when_modal(EndOccupancyDialog, fill)
    window.household.detail.end_occupancy()


def _occupancy(desk, person_id) -> Occupancy:
    with reading(desk.engine) as session:
        return session.scalars(select(Occupancy).where(Occupancy.person_id == person_id)).one()


def _clerk_id(desk, username):
    with reading(desk.engine) as session:
        return session.scalar(select(Clerk.id).where(Clerk.username == username))


def test_a_supervisor_approves_ending_an_owners_occupancy(qtbot, desk):
    window, owner_id = _setup(qtbot, desk)
    prompts: list[str] = []

    def approve(dialog: ApprovalDialog) -> None:
        prompts.append(dialog.findChildren(type(dialog.form.error))[0].text())
        dialog.form.username.setText("zhuguan")
        dialog.form.password.setText("boss123")
        dialog.accept()

    _end_owner_tie(window, approve)
    assert prompts and "房屋已出售" in prompts[0]  # the prompt says what is being approved
    occupancy = _occupancy(desk, owner_id)
    assert occupancy.ended_at is not None
    supervisor = _clerk_id(desk, "zhuguan")
    with reading(desk.engine) as session:
        op = session.scalars(select(Outbox).where(Outbox.name == "registry.end_occupancy")).one()
        audit = session.scalars(select(AuditLog).where(AuditLog.op_id == op.op_id)).one()
    assert op.approver_id == supervisor and op.actor_id == _clerk_id(desk, "xiaowang")
    assert audit.approver_id == supervisor
    assert window.household.detail.detail.people == ()  # the panel no longer lists the ended tie


def test_a_wrong_password_and_a_plain_clerk_are_refused(qtbot, desk):
    window, owner_id = _setup(qtbot, desk)
    refusals: list[str] = []

    def try_badly(dialog: ApprovalDialog) -> None:
        dialog.form.username.setText("zhuguan")
        dialog.form.password.setText("wrong")
        dialog.accept()
        assert dialog.isVisible()
        refusals.append(dialog.form.error.text())
        dialog.form.username.setText("xiaozhao")
        dialog.form.password.setText("clerk456")
        dialog.accept()
        assert dialog.isVisible()
        refusals.append(dialog.form.error.text())
        dialog.form.username.setText("xiaowang")  # the clerk asking cannot approve themselves
        dialog.form.password.setText("clerk123")
        dialog.accept()
        refusals.append(dialog.form.error.text())
        assert dialog.isVisible() and dialog.approver is None
        dialog.reject()

    _end_owner_tie(window, try_badly)
    assert refusals[0] == "账号或密码错误"
    assert "Xiaozhao" in refusals[1]  # named as not a supervisor
    assert refusals[2] and refusals[2] != refusals[1]
    assert _occupancy(desk, owner_id).ended_at is None
    with reading(desk.engine) as session:
        assert session.scalars(select(Outbox).where(Outbox.name == "registry.end_occupancy")).all() == []


def test_ending_a_family_members_tie_needs_no_approval(qtbot, desk):
    window, _ = _setup(qtbot, desk)
    unit_id = window.household.detail.detail.unit_id
    member = add_person(desk, desk.admin, unit_id, "张小三", "family")
    window.household.detail.reload()
    table = window.household.detail.people.table
    table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "张小三"))
    # An approval prompt here would stay unanswered: the watchdog fixture would close it and fail the test.
    when_modal(EndOccupancyDialog, lambda dialog: dialog.accept())
    window.household.detail.end_occupancy()
    assert _occupancy(desk, member).ended_at is not None
    with reading(desk.engine) as session:
        assert session.scalars(select(Outbox.approver_id).where(Outbox.name == "registry.end_occupancy")).one() is None
