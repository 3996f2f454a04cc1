"""The bundled CJK font for every printed document.

reportlab embeds a subset of a TrueType font in each PDF, so the text looks the same on every PC and printer.
The built-in CID font STSong-Light is never used: it is not embedded and viewers without Adobe-GB1 data drop the
text. WenQuanYi Micro Hei has a single weight; headings get a stroked outline (fake bold) instead.

reportlab is imported on the first call, not with this module: the desk imports the printing code at start and
reportlab costs a good part of a second that only the first print needs to pay.
"""

import threading

from app.core.errors import StorageError
from app.core.paths import cjk_font_path

CJK_FONT = "WenQuanYiMicroHei"

_lock = threading.Lock()
_registered = False
_string_width = None  # reportlab's pdfmetrics.stringWidth once the font is registered


def cjk_font() -> str:
    """Register the bundled font with reportlab once per process (≈50 ms) and return its reportlab name."""
    global _registered, _string_width
    if _registered:
        return CJK_FONT
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFError, TTFont

            path = cjk_font_path()
            try:
                # The .ttc holds Micro Hei (index 0, proportional) and Micro Hei Mono (index 1).
                pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=0))
            except (OSError, TTFError) as err:
                raise StorageError(f"安装不完整：打印字体 {path} 无法加载（{err}），请重新安装本程序。",
                                   f"Incomplete installation: print font {path} cannot be loaded ({err}); "
                                   "reinstall the program.") from err
            _string_width = pdfmetrics.stringWidth
            _registered = True
    return CJK_FONT


def text_width(text: str, size: float) -> float:
    font = cjk_font()
    return _string_width(text, font, size)
