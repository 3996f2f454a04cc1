"""Value types of the household registry: who lives in or acts for a unit."""

from enum import StrEnum


class OccupancyRole(StrEnum):
    OWNER = "owner"
    CO_OWNER = "co_owner"
    FAMILY = "family"
    TENANT = "tenant"


OCCUPANCY_ROLE_ZH = {
    OccupancyRole.OWNER: "业主",
    OccupancyRole.CO_OWNER: "共有人",
    OccupancyRole.FAMILY: "家庭成员",
    OccupancyRole.TENANT: "租户",
}
OCCUPANCY_ROLE_BY_ZH = {zh: role for role, zh in OCCUPANCY_ROLE_ZH.items()}
OWNER_ROLES = frozenset({OccupancyRole.OWNER, OccupancyRole.CO_OWNER})

RELATIONS_ZH = ("本人", "配偶", "子女", "父母", "兄弟姐妹", "祖父母", "孙子女", "亲属", "保姆", "租户", "其他")


class AuthorizationScope(StrEnum):
    DECORATION = "decoration"
    RELEASE = "release"
    CARD = "card"
    FEES = "fees"


AUTHORIZATION_SCOPE_ZH = {
    AuthorizationScope.DECORATION: "装修",
    AuthorizationScope.RELEASE: "放行",
    AuthorizationScope.CARD: "IC卡",
    AuthorizationScope.FEES: "收费",
}


class IdType(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    PASSPORT = "passport"
    HK_MACAO = "hk_macao"  # 港澳居民来往内地通行证
    TAIWAN = "taiwan"
    OTHER = "other"
