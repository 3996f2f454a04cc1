"""Roles and what they may do, declared as data. An op names the permission it needs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    code: str
    name_zh: str
    name_en: str
    permissions: frozenset[str]


PERMISSIONS: dict[str, str] = {
    "registry.view": "查看住户档案",
    "registry.edit": "登记和修改住户档案",
    "registry.import": "导入住户名册",
    "registry.export": "导出住户名册（证件号脱敏）",
    "person.unmask_id": "查看或导出完整证件号（留痕）",
    "ops.approve": "主管审批",
    "clerks.manage": "管理操作员账号",
    "settings.manage": "修改系统设置",
    "audit.view": "查看审计日志",
}

_CLERK = {"registry.view", "registry.edit", "registry.export"}

ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("clerk", "客服", "Clerk", frozenset(_CLERK)),
        Role("cashier", "收银", "Cashier", frozenset({"registry.view"})),
        Role("supervisor", "主管", "Supervisor",
             frozenset(_CLERK | {"registry.import", "ops.approve", "person.unmask_id", "audit.view"})),
        Role("guard", "门岗", "Guard", frozenset({"registry.view"})),
        Role("admin", "管理员", "Administrator", frozenset(PERMISSIONS)),
    )
}


def permissions_of(role_codes: list[str] | tuple[str, ...]) -> frozenset[str]:
    granted: set[str] = set()
    for code in role_codes:
        role = ROLES.get(code)
        if role is not None:
            granted |= role.permissions
    return frozenset(granted)


def has_permission(role_codes, permission: str) -> bool:
    return permission in permissions_of(role_codes)
