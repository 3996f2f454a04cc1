"""reportlab and qrcode are imported on the first print, not when the desk starts: importing the main window
(which imports every tab and the printing code behind them) must not load them."""

import os
import subprocess
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm as reportlab_mm

from app.printing import layout, receipt_a5

ROOT = Path(__file__).resolve().parents[1]


def test_the_main_window_imports_without_reportlab_or_qrcode():
    script = ("import sys, app.gui.main_window, app.printing.receipt, app.printing.refund_slip, "
              "app.printing.shift_statement\n"
              "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'qrcode'))\n"
              "print(loaded)\n"
              "assert not loaded, loaded")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_printing_constants_match_reportlab():
    # Defined without importing reportlab; they must stay exactly reportlab's, or every position shifts.
    assert layout.mm == reportlab_mm
    assert landscape(A5) == (receipt_a5.PAGE_WIDTH, receipt_a5.PAGE_HEIGHT)
