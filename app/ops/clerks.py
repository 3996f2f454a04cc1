"""Clerk accounts: creation and changes are ops (password hashes only, never passwords); logging in is a
local check against the argon2 hash, so it works offline, with failures counted and audited."""

import uuid

import pydantic
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core.clock import now
from app.core.errors import AuthenticationFailed, PermissionDenied, ValidationError
from app.core.ids import new_id
from app.core.passwords import hash_password, verify_password
from app.domain.permissions import ROLES
from app.ops.registry import get_or_404
from app.ops.runner import Actor, OpContext, Payload, op, parse_payload, run_op, spec_for
from app.store.audit import append_audit
from app.store.db import reading, transaction
from app.store.models import Clerk, Device

MIN_PASSWORD = 6
# The sync server sets ``session.info[ACTING_PROPERTY]`` to the pushing device's property before it re-runs an op,
# so an op written before clerks belonged to a property still lands in the right one.
ACTING_PROPERTY = "frontdesk.acting_property"


def actor_of(clerk: Clerk) -> Actor:
    return Actor(clerk.id, clerk.username, clerk.display_name, clerk.role_codes)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码至少{MIN_PASSWORD}位", f"Passwords have at least {MIN_PASSWORD} characters")


def _check_roles(roles: list[str]) -> str:
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ValidationError("角色无效", f"Invalid roles: {unknown}")
    return ",".join(sorted(set(roles)))


def acting_property(session: Session) -> uuid.UUID | None:
    """The property an op acts for when its payload does not say: the server's pushing device's, or this desk's."""
    property_id = session.info.get(ACTING_PROPERTY)
    if property_id is not None:
        return property_id
    device = session.get(Device, 1)
    return device.property_id if device is not None else None


class CreateClerk(Payload):
    clerk_id: uuid.UUID
    property_id: uuid.UUID | None = None  # absent in payloads written before clerks belonged to a property
    username: str = pydantic.Field(pattern=r"^[A-Za-z0-9_.]{2,32}$")
    display_name: str = pydantic.Field(min_length=1, max_length=30)
    password_hash: str = pydantic.Field(pattern=r"^\$argon2")
    roles: list[str]


@op("clerks.create", 1, permission="clerks.manage", payload=CreateClerk,
    describe=lambda p: f"新建账号 {p.username}（{','.join(p.roles)}）")
def create_clerk(session: Session, p: CreateClerk, ctx: OpContext) -> None:
    property_id = p.property_id or acting_property(session)
    if property_id is None:
        raise ValidationError("请先设置小区再建账号", "Set up the property before creating accounts")
    taken = select(Clerk.id).where(Clerk.property_id == property_id, Clerk.username == p.username)
    if session.scalar(taken) is not None:
        raise ValidationError(f"账号 {p.username} 已存在", f"Username {p.username} exists")
    session.add(Clerk(id=p.clerk_id, property_id=property_id, username=p.username, display_name=p.display_name,
                      password_hash=p.password_hash, roles=_check_roles(p.roles), created_at=p.at))


class UpdateClerk(Payload):
    clerk_id: uuid.UUID
    display_name: str | None = pydantic.Field(default=None, min_length=1, max_length=30)
    roles: list[str] | None = None
    active: bool | None = None
    password_hash: str | None = pydantic.Field(default=None, pattern=r"^\$argon2")


@op("clerks.update", 1, permission="clerks.manage", payload=UpdateClerk, describe=lambda p: "修改账号")
def update_clerk(session: Session, p: UpdateClerk, ctx: OpContext) -> None:
    clerk = get_or_404(session, Clerk, p.clerk_id, "账号", "Clerk")
    if p.display_name is not None:
        clerk.display_name = p.display_name
    if p.roles is not None:
        clerk.roles = _check_roles(p.roles)
    if p.active is not None:
        clerk.active = p.active
    if p.password_hash is not None:
        clerk.password_hash, clerk.failed_logins = p.password_hash, 0
    clerk.version += 1
    session.add(clerk)


def first_admin_payload(property_id: uuid.UUID, username: str, display_name: str, password: str) -> CreateClerk:
    """The first run's admin account, checked before anything is written."""
    check_password_strength(password)
    return parse_payload(spec_for("clerks.create", 1), {
        "clerk_id": new_id(), "property_id": property_id, "username": username, "display_name": display_name,
        "password_hash": hash_password(password), "roles": ["admin"], "at": now()})


def create_first_admin(engine: Engine, payload: CreateClerk) -> Actor:
    """First run: the admin creates itself (there is nobody else to do it)."""
    with reading(engine) as session:
        if session.scalar(select(Clerk.id).limit(1)) is not None:
            raise PermissionDenied("管理员账号已存在", "An administrator already exists")
    bootstrap = Actor(payload.clerk_id, payload.username, payload.display_name, ("admin",))
    run_op(engine, "clerks.create", payload, bootstrap)
    return bootstrap


def add_clerk(engine: Engine, admin: Actor, username: str, display_name: str, password: str,
              roles: list[str]) -> uuid.UUID:
    check_password_strength(password)
    clerk_id = new_id()
    with reading(engine) as session:
        property_id = acting_property(session)
    run_op(engine, "clerks.create", {"clerk_id": clerk_id, "property_id": property_id, "username": username,
                                     "display_name": display_name, "password_hash": hash_password(password),
                                     "roles": roles, "at": now()}, admin)
    return clerk_id


def authenticate(engine: Engine, username: str, password: str, *, max_failed: int = 5,
                 purpose: str = "login") -> Actor:
    """Check credentials on this desk. ``purpose`` is "login", "unlock" or "approval" (for the audit log)."""
    with transaction(engine) as session:
        clerk = session.scalar(select(Clerk).where(Clerk.username == username.strip()))
        if clerk is None or not clerk.active:
            append_audit(session, at=now(), action=f"auth.{purpose}_failed", detail={"username": username})
            failure = AuthenticationFailed("账号或密码错误", "Wrong username or password")
        elif clerk.failed_logins >= max_failed:
            append_audit(session, at=now(), action=f"auth.{purpose}_locked", detail={"username": username})
            failure = AuthenticationFailed("连续输错次数过多，账号已锁定，请联系管理员重置密码",
                                           "Too many failed attempts: the account is locked; ask an admin")
        elif not verify_password(clerk.password_hash, password):
            clerk.failed_logins += 1
            session.add(clerk)
            append_audit(session, at=now(), action=f"auth.{purpose}_failed", actor_id=clerk.id,
                         detail={"username": username, "failures": clerk.failed_logins})
            failure = AuthenticationFailed("账号或密码错误", "Wrong username or password")
        else:
            clerk.failed_logins = 0
            session.add(clerk)
            append_audit(session, at=now(), action=f"auth.{purpose}", actor_id=clerk.id,
                         detail={"username": username})
            return actor_of(clerk)
    # The failure is committed (counted and audited) before it is raised.
    raise failure


def list_clerks(engine: Engine) -> list[Clerk]:
    with reading(engine) as session:
        return list(session.scalars(select(Clerk).order_by(Clerk.username)))
