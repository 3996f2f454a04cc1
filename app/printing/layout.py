"""Drawing helpers shared by the printed documents: wrapping CJK text, aligned and bold text, local times."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.core.errors import ValidationError
from app.printing.fonts import cjk_font, text_width

if TYPE_CHECKING:  # reportlab is imported when the first document is drawn (see fonts.py)
    from reportlab.pdfgen.canvas import Canvas

# A millimetre in PDF points, computed as reportlab.lib.units does (so positions stay bit-identical).
mm = 72.0 / 2.54 * 0.1

# Printed times are the office's wall-clock time; mainland China has one time zone.
PRINT_TIMEZONE = ZoneInfo("Asia/Shanghai")

# Latin words and numbers stay whole when a line wraps; CJK text may break between any two characters.
_TOKEN = re.compile(r"[A-Za-z0-9.,:/_\-+¥%*#()]+|\s|.", re.DOTALL)
# A wrapped line never starts with closing punctuation (避头点).
_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)%")

__all__ = ["PRINT_TIMEZONE", "mm", "local_time", "wrap_text", "fit_font_size", "draw_left", "draw_right",
           "draw_centered", "draw_bold_centered", "hline", "new_canvas"]


def local_time(moment: datetime, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    """An aware datetime written in the office's local time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError("打印时间必须带时区", "A printed time must be timezone-aware")
    return moment.astimezone(PRINT_TIMEZONE).strftime(pattern)


def wrap_text(text: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points at font ``size``; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, size, width))
    return lines or [""]


def _wrap_paragraph(paragraph: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(paragraph):
        if text_width(current + token, size) <= width:
            current += token
            continue
        if token.isspace():
            lines.append(current)
            current = ""
            continue
        if current and token[0] in _NO_LINE_START:
            # Carry the last character down with the punctuation rather than start a line with it.
            lines.append(current[:-1])
            current = current[-1]
        elif current:
            lines.append(current)
            current = ""
        for char in token:  # a token wider than the line (a long reference number) breaks anywhere
            if current and text_width(current + char, size) > width:
                lines.append(current)
                current = ""
            current += char
    lines.append(current)
    return [line.strip() for line in lines if line.strip()] or [""]


def fit_font_size(text: str, size: float, width: float, smallest: float) -> float:
    """The largest size ≤ ``size`` (down to ``smallest``) at which ``text`` fits on one line."""
    natural = text_width(text, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def new_canvas(buffer, width: float, height: float, title: str) -> Canvas:
    from reportlab.pdfgen.canvas import Canvas

    # invariant: no creation timestamp or random document id, so the same data gives the same bytes.
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1,
                    initialFontName=cjk_font())  # else Helvetica, unembedded, is listed on every page
    canvas.setTitle(title)
    canvas.setAuthor("FrontDesk")
    return canvas


def draw_left(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    canvas.setFont(cjk_font(), size)
    canvas.drawString(x, y, text)


def draw_right(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    canvas.setFont(cjk_font(), size)
    canvas.drawRightString(x, y, text)


def draw_centered(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    canvas.setFont(cjk_font(), size)
    canvas.drawCentredString(x, y, text)


def draw_bold_centered(canvas: Canvas, x: float, y: float, text: str, size: float,
                       letter_spacing: float = 0) -> None:
    """Centred text made heavier by stroking its outline (the font has one weight)."""
    width = text_width(text, size) + letter_spacing * max(len(text) - 1, 0)
    canvas.saveState()
    canvas.setLineWidth(size * 0.035)
    text_object = canvas.beginText(x - width / 2, y)
    text_object.setFont(cjk_font(), size)
    text_object.setCharSpace(letter_spacing)
    text_object.setTextRenderMode(2)  # fill, then stroke the outline
    text_object.textOut(text)
    canvas.drawText(text_object)
    canvas.restoreState()


def hline(canvas: Canvas, x1: float, x2: float, y: float, width: float = 0.6, dashed: bool = False) -> None:
    canvas.saveState()
    canvas.setLineWidth(width)
    if dashed:
        canvas.setDash(2, 2)
    canvas.line(x1, y, x2, y)
    canvas.restoreState()
