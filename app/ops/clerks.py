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
from app.ops.runner import Actor, OpContext, Payload, op, run_op
from app.store.audit import append_audit
from app.store.db import reading, transaction
from app.store.models import Clerk

MIN_PASSWORD = 6


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


class CreateClerk(Payload):
    clerk_id: uuid.UUID
    username: str = pydantic.Field(pattern=r"^[A-Za-z0-9_.]{2,32}$")
    display_name: str = pydantic.Field(min_length=1, max_length=30)
    password_hash: str = pydantic.Field(pattern=r"^\$argon2")
    roles: list[str]


@op("clerks.create", 1, permission="clerks.manage", payload=CreateClerk,
    describe=lambda p: f"新建账号 {p.username}（{','.join(p.roles)}）")
def create_clerk(session: Session, p: CreateClerk, ctx: OpContext) -> None:
    if session.scalar(select(Clerk.id).where(Clerk.username == p.username)) is not None:
        raise ValidationError(f"账号 {p.username} 已存在", f"Username {p.username} exists")
    session.add(Clerk(id=p.clerk_id, username=p.username, display_name=p.display_name,
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


def create_first_admin(engine: Engine, username: str, display_name: str, password: str) -> Actor:
    """First run: the admin creates itself (there is nobody else to do it)."""
    check_password_strength(password)
    with reading(engine) as session:
        if session.scalar(select(Clerk.id).limit(1)) is not None:
            raise PermissionDenied("管理员账号已存在", "An administrator already exists")
    clerk_id = new_id()
    bootstrap = Actor(clerk_id, username, display_name, ("admin",))
    run_op(engine, "clerks.create", {"clerk_id": clerk_id, "username": username, "display_name": display_name,
                                     "password_hash": hash_password(password), "roles": ["admin"], "at": now()},
           bootstrap)
    return bootstrap


def add_clerk(engine: Engine, admin: Actor, username: str, display_name: str, password: str,
              roles: list[str]) -> uuid.UUID:
    check_password_strength(password)
    clerk_id = new_id()
    run_op(engine, "clerks.create", {"clerk_id": clerk_id, "username": username, "display_name": display_name,
                                     "password_hash": hash_password(password), "roles": roles, "at": now()}, admin)
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
