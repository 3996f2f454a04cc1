"""Small widgets the cashier's screens share: a money field that takes yuan as typed (1234.5) and gives fen,
and how amounts are shown."""

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QTableWidgetItem, QWidget

from app.domain.money import format_yuan, yuan_to_fen

# Up to 99,999,999.99 yuan, at most two decimals; "1234.5" and "1,234.50" are both fine.
_MONEY_PATTERN = QRegularExpression(r"^[0-9,]{0,12}([.][0-9]{0,2})?$")


def yuan_text(fen: int) -> str:
    """12345 → ¥123.45 (with thousands separators)."""
    return format_yuan(fen, symbol=True)


class MoneyEdit(QLineEdit):
    """A yuan amount typed by the cashier; ``fen()`` is None while the field is empty."""

    def __init__(self, object_name: str = "", parent: QWidget | None = None, *, placeholder: str = ""):
        super().__init__(parent, objectName=object_name)
        self.setValidator(QRegularExpressionValidator(_MONEY_PATTERN, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(placeholder or "0.00")
        self.setMaximumWidth(150)

    def fen(self) -> int | None:
        text = self.text().strip().replace(",", "")
        if not text or text == ".":
            return None
        return yuan_to_fen(text)

    def fen_or_zero(self) -> int:
        return self.fen() or 0

    def set_fen(self, fen: int | None) -> None:
        self.setText("" if fen is None else format_yuan(fen).replace(",", ""))


def big_label(object_name: str, point_size: int = 14) -> QLabel:
    label = QLabel(objectName=object_name)
    font = QFont(label.font())
    font.setPointSize(point_size)
    font.setBold(True)
    label.setFont(font)
    return label


def money_item(fen: int) -> QTableWidgetItem:
    item = QTableWidgetItem(format_yuan(fen))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def text_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item
