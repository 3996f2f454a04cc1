"""The business tabs, in the order they appear. A new tab is a module with a ``TAB`` spec added here."""

from app.gui.tabs import accounts, op_log

TABS = (op_log.TAB, accounts.TAB)
