"""reportlab and qrcode are imported on the first print, not when the desk starts: importing the main window
(which imports every tab and the printing code behind them) must not load them."""


from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm as reportlab_mm

from app.printing import layout, receipt_a5
from tests.fresh_process import not_loaded, run_fresh


def test_the_main_window_imports_without_reportlab_or_qrcode():
    run_fresh("import app.gui.main_window, app.printing.receipt, app.printing.refund_slip, "
              "app.printing.shift_statement\n" + not_loaded(("reportlab", "qrcode")), QT_QPA_PLATFORM="offscreen")


def test_the_printing_constants_match_reportlab():
    # Defined without importing reportlab; they must stay exactly reportlab's, or every position shifts.
    assert layout.mm == reportlab_mm
    assert landscape(A5) == (receipt_a5.PAGE_WIDTH, receipt_a5.PAGE_HEIGHT)
