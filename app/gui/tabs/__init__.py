"""The business tabs, in the order they appear. A new tab is a module with a ``TAB`` spec added here."""

from app.gui.tabs import accounts, cashier, op_log

TABS = (cashier.TAB, op_log.TAB, accounts.TAB)
