"""The business tabs, in the order they appear. A tab is a module with its widget; its spec (title, who may see
it, how to build it) is here, apart from the module, so the window's first frame can show the tab bar before the
tabs' modules — and the store they read — are loaded. A new tab: its module, and its spec added to ``TABS``."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.gui.context import DeskContext
from app.gui.op_runner import OpRunner
from app.gui.tab_host import TabSpec
from app.ops.actor import Actor


def _cashier(context: DeskContext, runner: OpRunner) -> QWidget:
    from app.gui.tabs.cashier import CashierTab

    return CashierTab(context, runner)


def _op_log(context: DeskContext, runner: OpRunner) -> QWidget:
    from app.gui.tabs.op_log import OpLogTab

    return OpLogTab(context)


def _accounts(context: DeskContext, runner: OpRunner) -> QWidget:
    from app.gui.tabs.accounts import AccountsTab

    return AccountsTab(context, runner)


def _may_use_cashier(actor: Actor) -> bool:
    return any(actor.can(p) for p in ("billing.collect", "billing.manage_fees", "billing.report"))


def _may_manage_clerks(actor: Actor) -> bool:
    return actor.can("clerks.manage")


TABS = (
    TabSpec("cashier", lambda: QCoreApplication.translate("Tabs", "Cashier"), _cashier, _may_use_cashier),
    TabSpec("op_log", lambda: QCoreApplication.translate("Tabs", "Operation log"), _op_log),
    TabSpec("accounts", lambda: QCoreApplication.translate("Tabs", "Accounts"), _accounts, _may_manage_clerks),
)
