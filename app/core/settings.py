"""Desk settings, declared as data: each has a key, a type, a default and a description.

Stored as JSON in the data folder. Unknown keys are kept (a newer version may have written them);
values of the wrong type fall back to the default rather than stopping the desk.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS_FILENAME = "settings.json"


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("ui.language", str, "zh_CN", "界面语言 (zh_CN / en)", choices=("zh_CN", "en")),
    Setting("security.idle_lock_minutes", int, 10, "无操作自动锁屏（分钟，0 表示不锁）", minimum=0, maximum=240),
    Setting("security.max_failed_logins", int, 5, "连续登录失败次数上限，超过后锁定账号", minimum=1, maximum=20),
    Setting("search.max_results", int, 50, "搜索结果最多显示的户数", minimum=5, maximum=500),
    Setting("backup.keep_days", int, 14, "保留每日备份的天数", minimum=1, maximum=365),
    Setting("desk.property_code", str, "DEMO", "本小区编码（收据编号前缀）"),
    Setting("desk.property_name", str, "", "本小区名称"),
    Setting("roster.max_import_rows", int, 20_000, "一次导入住户名册的最多行数（整个名册作为一次操作同步）",
            minimum=100, maximum=200_000),
    # 同步 (a desk enrolled with a server; a standalone desk ignores these)
    Setting("sync.interval_seconds", int, 30, "与服务器自动同步的间隔（秒）；每次操作后和点“立即同步”时也会同步",
            minimum=5, maximum=3600),
    Setting("sync.max_backoff_seconds", int, 300, "连不上服务器时重试间隔逐次加倍，最长不超过（秒）",
            minimum=10, maximum=3600),
    Setting("sync.timeout_seconds", int, 20, "等待服务器回复的最长时间（秒）", minimum=2, maximum=300),
    Setting("sync.pull_page_size", int, 2000, "每次从服务器取回的变更条数", minimum=100, maximum=5000),
    # 收费 (the cashier). Fee amounts live on the fee items (data); these are caps and defaults.
    Setting("billing.prepay_max_months", int, 3, "一次最多预存几个月的费用（按当地物价部门规定，如 3 个月）",
            minimum=1, maximum=36),
    Setting("billing.proration_cutoff_day", int, 15, "新建收费项目的默认截止日：交房日在此日及之前当月整月计费",
            minimum=1, maximum=28),
    Setting("billing.due_days", int, 30, "新建收费项目的默认缴费期限（账期开始后天数）", minimum=0, maximum=365),
    Setting("billing.late_fee_daily_rate", str, "0.0005", "合同约定滞纳金时的默认日费率（万分之五为 0.0005）"),
    Setting("billing.late_fee_grace_days", int, 0, "合同约定滞纳金时的默认宽限天数（缴费期限之后）",
            minimum=0, maximum=365),
    Setting("billing.late_fee_cap_ratio", str, "1", "合同约定滞纳金时的默认上限（本金的倍数，1 即不超过本金）"),
    Setting("printing.receipt_layout", str, "thermal80", "收据版式：80mm 热敏 或 A5 三联",
            choices=("thermal80", "a5")),
    # One printer per kind of paper (空：系统默认打印机); set from the print preview ("以后都用此打印机").
    Setting("printing.printer.receipt_thermal80", str, "", "打印 80mm 热敏收据的打印机"),
    Setting("printing.printer.receipt_a5", str, "", "打印 A5 三联收据的打印机"),
    Setting("printing.printer.a4", str, "", "打印 A4 单据（交班表、报表）的打印机"),
)

_BY_KEY = {s.key: s for s in SETTINGS}


def spec(key: str) -> Setting:
    return _BY_KEY[key]


def _coerce(setting: Setting, value: Any) -> Any:
    if setting.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError
    if not isinstance(value, setting.type):
        raise TypeError
    if setting.minimum is not None and value < setting.minimum:
        raise ValueError
    if setting.maximum is not None and value > setting.maximum:
        raise ValueError
    if setting.choices is not None and value not in setting.choices:
        raise ValueError
    return value


class Settings:
    def __init__(self, path: Path | None = None, values: dict[str, Any] | None = None):
        self.path = path
        self._values: dict[str, Any] = dict(values or {})

    @classmethod
    def load(cls, data_dir: Path) -> "Settings":
        path = data_dir / SETTINGS_FILENAME
        values: dict[str, Any] = {}
        if path.exists():
            try:
                values = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                values = {}
        return cls(path, values if isinstance(values, dict) else {})

    def get(self, key: str) -> Any:
        setting = spec(key)
        if key not in self._values:
            return setting.default
        try:
            return _coerce(setting, self._values[key])
        except (TypeError, ValueError):
            return setting.default

    def set(self, key: str, value: Any) -> None:
        self._values[key] = _coerce(spec(key), value)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)
