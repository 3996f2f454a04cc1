"""Roster import/export timings on a synthetic roster: write and read (.csv, .xlsx), check, the import op
(one transaction), and masked / unmasked exports. Prints JSON.

    python bench/roster.py [--rows 20000]

Baseline in the same run: writing and reading the same rows with the csv module alone.
"""

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("FRONTDESK_KEYSTORE", "file")

from sqlalchemy import select  # noqa: E402

from app.domain.idcard import make_id_number  # noqa: E402
from app.domain.roster import COLUMNS, RosterRow  # noqa: E402
from app.ops.desk import open_desk  # noqa: E402
from app.ops.roster import check_roster, export_roster, import_checked, read_roster  # noqa: E402
from app.ops.roster_files import write_roster  # noqa: E402
from app.ops.setup import first_run  # noqa: E402
from app.store.db import reading  # noqa: E402
from app.store.models import Outbox  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
ROLES = (("业主", "本人"), ("家庭成员", "配偶"), ("家庭成员", "子女"), ("租户", "租户"))


def synthetic_rows(count: int, seed: int = 5) -> list[RosterRow]:
    rng = random.Random(seed)
    rows: list[RosterRow] = []
    unit = 0
    while len(rows) < count:
        unit += 1
        building, rest = divmod(unit - 1, 200)
        entrance, rest = divmod(rest, 50)
        code = f"{building + 1}-{entrance + 1}-{rest // 2 + 1}{rest % 2 + 1:02d}"
        gross = rng.randint(6000, 14000)
        areas = (f"{gross / 100:.2f}", f"{gross * 82 // 10000:.2f}")
        for k in range(rng.choice((1, 2, 3, 3, 4))):
            n = len(rows) + 1
            number = make_id_number("330106", date(1950, 1, 1) + timedelta(days=n % 20000), n % 1000)
            role, relation = ROLES[k]
            plate = f"浙A{n % 100000:05d}" if k == 0 and n % 3 else ""
            rows.append(RosterRow(n + 1, code, *areas, rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
                                  rng.choice("男女"), role, relation, f"13{n:09d}", number, plate))
    return rows[:count]


def timed(results: dict, key: str, action):
    start = time.perf_counter()
    value = action()
    results[key] = round(time.perf_counter() - start, 3)
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    rows = synthetic_rows(args.rows)
    results: dict = {"rows": len(rows), "cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plain = root / "baseline.csv"

        def csv_write() -> None:
            with plain.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                writer.writerows(r.cells() for r in rows)

        timed(results, "baseline_csv_module_write_s", csv_write)
        timed(results, "baseline_csv_module_read_s",
              lambda: list(csv.reader(plain.open(encoding="utf-8-sig", newline=""))))
        for suffix in (".csv", ".xlsx"):
            path = root / f"roster{suffix}"
            timed(results, f"write{suffix}_s", lambda path=path: write_roster(path, rows))
            read = timed(results, f"read{suffix}_s", lambda path=path: read_roster(path))
        desk = open_desk(root / "desk")
        try:
            admin = first_run(desk, property_code="BENCH", property_name="测试小区", admin_username="admin",
                              admin_display_name="管理员", admin_password="bench123")
            desk.settings.set("roster.max_import_rows", max(len(rows), 100))
            check = timed(results, "check_s", lambda: check_roster(desk, read))
            results["problems"] = len(check.problems)
            report = timed(results, "import_op_s", lambda: import_checked(desk, admin, check))
            results["imported"] = report.imported
            with reading(desk.engine) as session:
                payload = session.scalar(select(Outbox.payload).where(Outbox.name == "registry.import_roster"))
            results["op_payload_bytes"] = len(payload.encode("utf-8"))
            for suffix in (".csv", ".xlsx"):
                for unmask in (False, True):
                    key = f"export{suffix}{'_unmasked' if unmask else ''}_s"
                    timed(results, key, lambda s=suffix, u=unmask: export_roster(desk, admin, root / f"out{s}",
                                                                                 unmask=u))
        finally:
            desk.close()
    json.dump(results, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
