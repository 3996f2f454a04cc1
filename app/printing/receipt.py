"""收款收据: a receipt's data in, PDF bytes out, on 80 mm thermal roll or A5 three-part paper.

A receipt proves payment only: it carries the title 收款收据 and the footer 本收据不作报销凭证，如需发票请向财务申请,
never an invoice title or tax fields. Printed after the payment commits; reprints say 补打 with their count.
"""

from app.core.errors import ValidationError
from app.printing.receipt_a5 import render_a5
from app.printing.receipt_data import ReceiptData, ReceiptLine, TenderLine
from app.printing.receipt_thermal import render_thermal

LAYOUTS = {"thermal80": render_thermal, "a5": render_a5}

__all__ = ["LAYOUTS", "ReceiptData", "ReceiptLine", "TenderLine", "render_receipt"]


def render_receipt(data: ReceiptData, layout: str) -> bytes:
    """The receipt as PDF bytes; ``layout`` is "thermal80" (page height fitted to the content) or "a5"."""
    try:
        render = LAYOUTS[layout]
    except KeyError:
        raise ValidationError(f"未知的收据版式：{layout}", f"Unknown receipt layout: {layout}") from None
    return render(data)
