"""Excel exports for finance: the day's ledger (收费台账) and the invoice list (待开票). Amounts are written as
yuan numbers with two decimals (computed from fen exactly), times in local time."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from app.core.clock import to_local
from app.core.errors import PermissionDenied
from app.ops.runner import Actor
from app.store.billing_reports import day_ledger, invoice_list

_YUAN_FORMAT = "#,##0.00"


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def _write(path: Path, title: str, header: list[str], rows: list[list], money_columns: set[int]) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for column in money_columns:
            sheet.cell(row=sheet.max_row, column=column + 1).number_format = _YUAN_FORMAT
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, len(name) * 2 + 4)
    sheet.freeze_panes = "A2"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.xlsx")
    workbook.save(partial)
    partial.replace(path)
    return len(rows)


def _require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied("当前账号没有导出收费报表的权限", f"This account lacks the permission: {permission}")


def export_day_ledger(engine, actor: Actor, day: date, path: Path) -> int:
    """One row per receipt line and per refund slip of the local day; returns the number of rows."""
    _require(actor, "billing.report")
    rows = [[to_local(r.at).strftime("%Y-%m-%d %H:%M:%S"), r.number, r.unit_code, r.payer_name, r.item, r.period,
             _yuan(r.amount_fen), r.methods, r.cashier_name, r.status, r.invoice] for r in day_ledger(engine, day)]
    header = ["时间", "收据/退费单号", "房号", "交款人", "收费项目", "所属期间", "金额（元）", "付款方式", "收银员", "状态",
              "开票"]
    return _write(path, f"收费台账{day:%Y%m%d}", header, rows, {6})


def export_invoice_list(engine, actor: Actor, path: Path, *, status: str | None = "requested",
                        start_day: date | None = None, end_day: date | None = None) -> int:
    """Payments by invoice status (default 待开) for finance to invoice in the tax system."""
    if not (actor.can("billing.invoice_issue") or actor.can("billing.report")):
        raise PermissionDenied("当前账号没有导出开票清单的权限", "This account may not export the invoice list")
    rows = [[r.receipt_no, to_local(r.paid_at).strftime("%Y-%m-%d %H:%M"), r.unit_code, r.payer_name,
             r.invoice_title, r.items, _yuan(r.total_fen), r.invoice_label, r.invoice_ref]
            for r in invoice_list(engine, status, start_day, end_day)]
    header = ["收据编号", "收款时间", "房号", "交款人", "发票抬头", "收费项目", "金额（元）", "开票状态", "发票号"]
    return _write(path, "开票清单", header, rows, {6})
