"""Latency of one payment at the counter, from confirm to the receipt's PDF bytes, on the 100,000-unit demo,
beside rendering the same receipt alone with reportlab in the same run. Prints JSON.

    python bench/payment.py [--units 100000] [--payments 200] [--layout thermal80|a5] [--profile N]

"Confirm" runs what the counter's confirm button runs: the payload builder (it re-reads the unit's open lines
and the cashier's shift), then ``pay_and_print``: ``billing.record_payment`` through the op runner (receipt
number, payment rows, outbox row, audit entry), the receipt rendered from the rows it wrote, archived and
recorded as printed (``documents.record_print``) in the same transaction, one commit with synchronous=FULL.
It returns the PDF bytes, archived and recorded: ``confirm_to_pdf_ms`` (= ``confirm_to_archived_ms``). The
baseline renders the same receipt again from its committed rows, right after each payment, so both see the same
machine load; the bytes must equal the counter's. Wall times are the target's measure; this process's CPU time
is reported too, because the machine is shared. ``--profile N`` prints the N costliest functions of the
measured calls (cProfile, cumulative) to stderr.

The demo (``generate_demo``, with its cashier) is bench/startup.py's cached bench/out/demo-<units>; it is copied
once (SQLite backup, keys, settings, archive) to bench/out/cashier-demo-<units>, or generated there when there is
none, so the shared demo is never written to. Its units billed from the reference month hold open charges; each
run pays a seeded sample of them in a shift of the demo's cashier, closed at the end, so the copy grows by the
run's receipts (archived under its archive/ folder).
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("FRONTDESK_KEYSTORE", "file")
HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.5
WARM_UP = 10


def demo_folder(units: int) -> Path:
    """This benchmark's own copy of the cached demo, made (or generated) on first use."""
    folder = HERE / "out" / f"cashier-demo-{units}"
    from app.core.paths import database_path, demo_is_ready

    if database_path(folder).exists():
        return folder
    shared = HERE / "out" / f"demo-{units}"
    if demo_is_ready(shared):
        print(f"copying {shared} to {folder} (once)…", file=sys.stderr, flush=True)
        folder.mkdir(parents=True)
        for name in ("keys", "archive"):
            if (shared / name).is_dir():
                shutil.copytree(shared / name, folder / name)
        shutil.copy2(shared / "settings.json", folder / "settings.json")
        source = sqlite3.connect(f"file:{database_path(shared)}?mode=ro", uri=True)
        target = sqlite3.connect(database_path(folder))
        with target:
            source.backup(target)  # a consistent copy even while another benchmark reads the shared demo
        source.close()
        target.close()
        return folder
    from app.ops.demo import generate_demo

    print(f"generating the {units:,}-unit demo in {folder} (once)…", file=sys.stderr, flush=True)
    generate_demo(folder, units=units, progress=lambda text: print(text, file=sys.stderr, flush=True))
    return folder


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 2), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
            "max": round(ordered[-1], 2)}


def units_to_pay(engine, count: int, seed: int) -> list:
    from sqlalchemy import select

    from app.domain.payments import ChargeStatus
    from app.store.billing_models import Charge
    from app.store.db import reading
    from app.store.models import Unit

    with reading(engine) as session:
        codes = session.execute(select(Unit.code, Unit.id).where(Unit.id.in_(
            select(Charge.unit_id).where(Charge.status == ChargeStatus.OPEN)))).all()
    codes.sort()
    return [unit_id for _, unit_id in random.Random(seed).sample(codes, count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--payments", type=int, default=200)
    parser.add_argument("--layout", default="thermal80", choices=("thermal80", "a5"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()

    folder = demo_folder(args.units)
    from sqlalchemy import select

    from app.domain.demo_cashier import tenders_for
    from app.domain.payments import TenderMethod
    from app.ops.billing import counter
    from app.ops.billing.documents import pay_and_print, receipt_data
    from app.ops.clerks import actor_of
    from app.ops.desk import open_desk
    from app.printing.fonts import cjk_font
    from app.printing.receipt import render_receipt
    from app.store.billing_queries import open_charges
    from app.store.billing_reports import shift_report
    from app.store.db import reading
    from app.store.models import Clerk

    desk = open_desk(folder)
    rng = random.Random(args.seed)
    with reading(desk.engine) as session:
        cashier = actor_of(session.scalar(select(Clerk).where(Clerk.username == "cashier")))
    if counter.open_shift_id(desk, cashier) is None:  # a run cut short left its shift open: carry on in it
        counter.open_shift(desk, cashier, opening_float_fen=50000)
    cjk_font()  # registered once per process (the counter registers it before its first receipt)
    units = units_to_pay(desk.engine, args.payments + WARM_UP, args.seed)
    methods = [(TenderMethod.WECHAT, None), (TenderMethod.CASH, None), (TenderMethod.ALIPAY, None),
               (TenderMethod.CARD, None)]
    phases = {name: [] for name in ("payload", "pay_and_print")}
    to_pdf, bare, to_pdf_cpu, bare_cpu = [], [], [], []
    profile = cProfile.Profile() if args.profile else None
    for index, unit_id in enumerate(units):
        lines = open_charges(desk.engine, unit_id)  # on the screen before the cashier confirms
        total = sum(line.due_fen for line in lines)
        tenders = tenders_for(total, rng.choice(methods), 0, rng)
        measured = profile is not None and index >= WARM_UP
        if measured:
            profile.enable()
        marks = [time.perf_counter()]
        cpu_start = time.process_time()
        payload = counter.payment_payload(desk, cashier, unit_id=unit_id, charge_ids=[c.charge_id for c in lines],
                                          tenders=tenders, payer_name="业主")
        marks.append(time.perf_counter())
        paid = pay_and_print(desk, cashier, payload, layout=args.layout)
        marks.append(time.perf_counter())
        pdf_cpu = time.process_time() - cpu_start
        if measured:
            profile.disable()
        if paid.printed is None:
            raise SystemExit(f"the receipt did not render: {paid.print_error!r}")
        data = receipt_data(desk, paid.recorded.payment_id, reprint_count=0)  # from the committed rows
        cpu_start, start = time.process_time(), time.perf_counter()
        pdf = render_receipt(data, args.layout)  # the baseline: the same receipt, rendered alone
        bare_ms, bare_cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu_start) * 1000
        if pdf != paid.printed.pdf or paid.printed.path.read_bytes() != pdf:
            raise SystemExit(f"receipt {paid.recorded.receipt_no}: the counter's PDF differs from its rows' PDF")
        if index < WARM_UP:
            continue
        for name, begin, end in zip(phases, marks[:-1], marks[1:], strict=True):
            phases[name].append((end - begin) * 1000)
        to_pdf.append((marks[-1] - marks[0]) * 1000)
        to_pdf_cpu.append(pdf_cpu * 1000)
        bare.append(bare_ms)
        bare_cpu.append(bare_cpu_ms)
    expected = shift_report(desk.engine, counter.open_shift_id(desk, cashier)).expected_by_method
    counter.close_shift(desk, cashier, {TenderMethod(m): fen for m, fen in expected.items() if fen > 0 or m == "cash"},
                        note="bench/payment.py")
    desk.close()
    if profile is not None:
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(args.profile)

    ratio = statistics.median(to_pdf) / statistics.median(bare)
    print(json.dumps({
        "units": args.units, "payments": len(to_pdf), "layout": args.layout,
        "confirm_to_pdf_ms": percentiles(to_pdf),
        "bare_render_ms": percentiles(bare),
        "ratio_p50": round(ratio, 2), "target_ratio_p50": TARGET_RATIO, "meets_target": ratio <= TARGET_RATIO,
        "confirm_to_archived_ms": percentiles(to_pdf),  # archived and recorded before the bytes are returned
        "cpu_ms": {"confirm_to_pdf_p50": round(statistics.median(to_pdf_cpu), 2),
                   "bare_render_p50": round(statistics.median(bare_cpu), 2),
                   "ratio_p50": round(statistics.median(to_pdf_cpu) / statistics.median(bare_cpu), 2)},
        "phases_p50_ms": {name: round(statistics.median(values), 2) for name, values in phases.items()},
    }, indent=2))


if __name__ == "__main__":
    main()
