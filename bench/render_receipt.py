"""Render time of one 80 mm thermal receipt (and its parts) with reportlab; prints JSON.

    python bench/render_receipt.py [--runs 50]
"""

import argparse
import dataclasses
import json
import statistics
import time
from datetime import UTC, datetime


def timings_ms(run, runs: int) -> dict:
    """Wall-clock median and p95, and the median CPU time of this process (steadier on a shared machine)."""
    wall, cpu = [], []
    for index in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(index)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return {"median": round(statistics.median(wall), 2), "p95": round(wall[int(0.95 * (len(wall) - 1))], 2),
            "cpu_median": round(statistics.median(cpu), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs

    start = time.perf_counter()
    from app.printing.fonts import cjk_font
    from app.printing.qr import qr_matrix
    from app.printing.receipt import ReceiptData, ReceiptLine, TenderLine, render_receipt
    import_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    cjk_font()
    register_ms = (time.perf_counter() - start) * 1000

    receipt = ReceiptData(
        property_name="翠湖花园物业服务中心", receipt_no="CHHY-T03-2026-000123", unit_code="3-2-1501",
        payer_masked="张** 138****5678",
        lines=[ReceiptLine("物业费", "2026-09 至 2026-11", 80436), ReceiptLine("垃圾清运费", "", 20000)],
        tenders=[TenderLine("现金", 50000), TenderLine("微信", 50436, "4200001234202611270123456789")],
        total_fen=100436, cashier_name="王小明", paid_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        qr_payload="FDR1|0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b|CHHY-T03-2026-000123|100436|9F3A2C1B")

    def numbered(index: int) -> ReceiptData:  # a new number and payload each time, as at the counter
        number = f"CHHY-T03-2026-{index:06d}"
        return dataclasses.replace(receipt, receipt_no=number, qr_payload=receipt.qr_payload.replace(
            "CHHY-T03-2026-000123", number))

    for index in range(5):  # warm-up
        render_receipt(numbered(index), "thermal80")
    print(json.dumps({
        "runs": runs,
        "thermal80_ms": timings_ms(lambda index: render_receipt(numbered(index), "thermal80"), runs),
        "a5_three_parts_ms": timings_ms(lambda index: render_receipt(numbered(index), "a5"), runs),
        "qr_encode_ms": timings_ms(lambda index: qr_matrix(numbered(index).qr_payload), runs),
        "import_printing_ms": round(import_ms, 1),
        "register_font_ms": round(register_ms, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
