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
    "billing.view": "查看应收、欠费、预存和收据",
    "billing.collect": "收款、预存、开班和交班",
    "billing.charge": "生成应收、登记一次性收费",
    "billing.meter": "录入抄表读数",
    "billing.adjust": "申请减免、作废、退费（需主管审批）",
    "billing.invoice": "登记开票申请（待开）",
    "billing.invoice_issue": "登记发票已开",
    "billing.manage_fees": "维护收费项目和计费设置",
    "billing.report": "查看收费日报、导出收费台账",
    "documents.print": "打印和补打单据",
}

_CLERK = {"registry.view", "registry.edit", "registry.export", "billing.view", "billing.meter", "documents.print"}
_CASHIER = {"registry.view", "billing.view", "billing.collect", "billing.charge", "billing.meter", "billing.adjust",
            "billing.invoice", "documents.print"}
_BILLING_SUPERVISION = {"billing.invoice_issue", "billing.manage_fees", "billing.report"}

ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("clerk", "客服", "Clerk", frozenset(_CLERK)),
        Role("cashier", "收银", "Cashier", frozenset(_CASHIER)),
        Role("supervisor", "主管", "Supervisor",
             frozenset(_CLERK | _CASHIER | _BILLING_SUPERVISION
                       | {"registry.import", "ops.approve", "person.unmask_id", "audit.view"})),
        Role("guard", "门岗", "Guard", frozenset({"registry.view", "documents.print"})),
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
