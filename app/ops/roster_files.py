"""Roster files on disk: .xlsx through openpyxl, .csv in UTF-8 (with or without BOM) or GB18030, the
encoding Excel in China saves CSV in. Rows keep the file line they came from so problems can point at it."""

import csv
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from app.core.errors import ValidationError
from app.domain.roster import COLUMN_KEYS, COLUMNS, RosterRow, header_key

SUFFIXES = (".xlsx", ".csv")
SHEET_TITLE = "住户名册"
HELP_TITLE = "填写说明"
_AREA_COLUMNS = (1, 2)
_TEXT_COLUMNS = "ADEFGHIJ"  # everything but the areas: keeps Excel from turning ID numbers into 1.1E+17
_WIDTHS = (12, 13, 13, 10, 6, 10, 12, 14, 22, 22)
# The template's workbook properties are fixed so that writing it twice gives the same content.
_TEMPLATE_TIME = datetime(2026, 1, 1)

TEMPLATE_ROWS = (
    ("1-1-101", "89.37", "75.12", "张三", "男", "业主", "本人", "13800138000", "11010519491231002X", "京A12345"),
    ("1-1-101", "89.37", "75.12", "李四", "女", "共有人", "配偶", "13900139000", "440524188001010014", ""),
)
TEMPLATE_HELP = (
    "填写说明",
    "1. 每行登记一户中的一个人：同一户有几个人就填几行，每一行都要填房号；面积每行重复填写，同一户各行必须一致。",
    "2. 房号：楼栋-单元-房号，如 3-2-1501；也可以写成 3栋2单元1501、03-02-1501。",
    "3. 建筑面积、套内面积：单位为平方米，最多两位小数；留空表示不核对（新房屋记为未登记面积）；套内面积不能大于建筑面积。"
    "系统里已有的房屋，所填面积必须与系统一致。",
    "4. 只填房号和面积、不填人的行只登记房屋；这样的行所填车牌登记为该户的车辆（不属于某个人）。",
    "5. 姓名：必填，汉字或字母。性别：男、女或留空。",
    "6. 身份：业主、共有人、家庭成员、租户，四选一。",
    "7. 与业主关系：如 本人、配偶、子女、父母、租户，不超过16个字，可留空。",
    "8. 手机：手机号11位，座机要带区号，可留空。",
    "9. 证件号码：18位居民身份证号（最后一位可以是X，按 GB 11643 校验），可留空。"
    "其他证件先写证件种类再写号码，如“护照 E12345678”“港澳通行证 H12345678”“台胞证 12345678”“其他证件 …”。",
    "10. 导出时脱敏的证件号码（含*）不能导入：请补全号码或清空该格。本列请保持“文本”格式，"
    "否则 Excel 会把号码变成科学计数并丢掉后几位。",
    "11. 车牌：如 京A12345、粤BD12345；一人有多个车牌时用“；”或“,”隔开。",
    "12. 同一人（证件号码相同，或姓名和手机都相同）在同一户只能出现一次；已经登记在该户的人会列为问题行，不会重复导入。"
    "同一证件号码出现在几户时视为同一人。",
    "13. 请勿修改第一行表头。支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）。",
    "14. 导入时先检查全部行：有问题的行逐行列出原因，其余的行一次性导入，不会只导入一半。",
)


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(f"不支持的文件类型“{path.suffix or path.name}”：请使用 .xlsx 或 .csv 文件",
                              f"Unsupported file type {path.suffix!r}: use .xlsx or .csv")
    return suffix


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    return str(value).strip()


def _xlsx_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise ValidationError(f"无法读取 Excel 文件：{path.name}（文件损坏或不是 .xlsx）",
                              f"Cannot read the Excel file {path.name}: {err}") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # files written in write-only mode declare no size; don't scan for one first
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"无法识别 {name} 的编码：请另存为 UTF-8 或 GB18030 编码的 CSV",
                          f"Unknown encoding of {name}: save it as UTF-8 or GB18030 CSV")


def _csv_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = _decode(path.read_bytes(), path.name)
    reader = csv.reader(io.StringIO(text, newline=""))
    first_line = 1
    try:
        for cells in reader:
            yield first_line, [c.strip() for c in cells]
            first_line = reader.line_num + 1
    except csv.Error as err:
        raise ValidationError(f"CSV 格式错误（第{reader.line_num}行）：{err}",
                              f"Malformed CSV at line {reader.line_num}: {err}") from None


def _check_header(line: int, cells: list[str]) -> None:
    keys = [header_key(c) for c in cells]
    while keys and not keys[-1]:
        keys.pop()
    for index, column in enumerate(COLUMNS):
        found = keys[index] if index < len(keys) else ""
        if found != COLUMN_KEYS[index]:
            shown = cells[index] if index < len(cells) and cells[index] else "空"
            raise ValidationError(
                f"第{line}行表头与模板不符：第{index + 1}列应为“{column}”，实际为“{shown}”。请使用名册模板的表头。",
                f"Header at line {line} does not match the template: column {index + 1} should be {column}")


def read_roster(path: Path, *, max_rows: int | None = None) -> list[RosterRow]:
    """The data rows of a roster file (blank rows skipped), each with its file line number. The first
    non-blank row must be the template's header."""
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise ValidationError(f"找不到文件：{path}", f"File not found: {path}")
    lines = _xlsx_lines(path) if suffix == ".xlsx" else _csv_lines(path)
    rows: list[RosterRow] = []
    header_seen = False
    for line, cells in lines:
        if not any(cells):
            continue
        if not header_seen:
            _check_header(line, cells)
            header_seen = True
            continue
        rows.append(RosterRow.from_cells(line, cells))
        if max_rows is not None and len(rows) > max_rows:
            raise ValidationError(f"名册超过单次导入上限 {max_rows} 行，请分成几个文件导入",
                                  f"The roster has more than {max_rows} rows: split it into several files")
    if not header_seen:
        raise ValidationError(f"{path.name} 是空文件：第一行应为名册表头", f"{path.name} is empty")
    return rows


def _replace_atomically(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.part")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_csv(path: Path, rows: Iterable[list[str]]) -> None:
    # UTF-8 with a BOM: Excel in China then opens it without garbling the Chinese text.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def _xlsx_cells(cells: list[str]) -> list:
    return [float(Decimal(c)) if index in _AREA_COLUMNS and c else c for index, c in enumerate(cells)]


def _write_xlsx(path: Path, rows: Iterable[list[str]], *, help_lines: tuple[str, ...] = (),
                fixed_properties: bool = False) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    if fixed_properties:
        workbook.properties.creator = "FrontDesk"
        workbook.properties.created = workbook.properties.modified = _TEMPLATE_TIME
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, width in enumerate(_WIDTHS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = width
        if letter in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        else:
            sheet.column_dimensions[letter].number_format = "0.00"
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for cells in rows:
        sheet.append(_xlsx_cells(cells))
    if help_lines:
        notes = workbook.create_sheet(HELP_TITLE)
        notes.column_dimensions["A"].width = 120
        for text in help_lines:
            notes.append([text])
    workbook.save(path)


def write_roster(path: Path, rows: Iterable[RosterRow]) -> int:
    """Write rows in the import format, chosen by the file's extension; returns the number of data rows."""
    path = Path(path)
    suffix = _suffix(path)
    counted: list[int] = [0]

    def cells() -> Iterator[list[str]]:
        for row in rows:
            counted[0] += 1
            yield row.cells()

    _replace_atomically(path, lambda tmp: _write_csv(tmp, cells()) if suffix == ".csv"
                        else _write_xlsx(tmp, cells()))
    return counted[0]


def write_template(path: Path) -> None:
    """The blank roster template with two example rows (synthetic data: the example ID numbers are the
    ones printed in GB 11643 itself), plus, in .xlsx, a second sheet of filling instructions."""
    path = Path(path)
    rows = [list(r) for r in TEMPLATE_ROWS]
    if _suffix(path) == ".csv":
        _replace_atomically(path, lambda tmp: _write_csv(tmp, rows))
    else:
        _replace_atomically(path, lambda tmp: _write_xlsx(tmp, rows, help_lines=TEMPLATE_HELP,
                                                          fixed_properties=True))
