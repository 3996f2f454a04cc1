"""Start-up time of the desk: process start to the first paint of the main window, on the 100,000-unit demo,
beside a bare PySide6 window with six tabs of table views, measured in the same run. Prints JSON.

    python bench/startup.py [--units 100000] [--runs 7]

Each sample is a fresh Python subprocess (offscreen Qt). The clock starts in this process just before the child
is spawned (so interpreter start-up and imports count) and stops when the child's window has handled its first
paint event and the event loop comes round once more (the whole first frame is drawn); both processes read
the system-wide monotonic clock. The child's CPU time up to that paint is reported too: on a shared machine it
swings less with load than wall time. Samples of the two kinds alternate; one warm-up of each is reported apart and
left out of the medians. One extra app start under ``-X importtime`` lists the slowest imports.

The app child does what ``app.gui.main.run_gui`` does (imports in the program's order, settings, bundled font,
translator, ``open_desk`` with its backup and migration check, ``MainWindow``, Qt's event loop run as an asyncio
loop by ``run_event_loop`` with the window's background work as its start) except the login dialog: it builds the
main window directly for the demo's ``admin`` clerk (``actor_of`` the clerk row), because a login waits for a person.
The demo database is generated once with ``app.ops.demo.generate_demo`` and cached under bench/out/.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD_ENV = {"QT_QPA_PLATFORM": "offscreen", "FRONTDESK_KEYSTORE": "file", "PYTHONPATH": str(ROOT)}


def demo_folder(units: int) -> Path:
    """The cached demo data folder, generated on first use."""
    folder = HERE / "out" / f"demo-{units}"
    from app.core.paths import database_path

    if not database_path(folder).exists():
        from app.ops.demo import generate_demo

        os.environ.setdefault("FRONTDESK_KEYSTORE", "file")
        print(f"generating the {units:,}-unit demo in {folder} (once)…", file=sys.stderr, flush=True)
        generate_demo(folder, units=units, progress=lambda text: print(text, file=sys.stderr, flush=True))
    return folder


# --- child processes -------------------------------------------------------------------------------------


def _report_first_paint(app, window, marks: dict, run_loop=None) -> None:
    """Print the marks as JSON once ``window`` has painted its first frame, then quit. ``run_loop(app)`` runs the
    event loop (``app.exec()`` when not given)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if watched is window and event.type() == QEvent.Type.Paint and "painted" not in marks:
                marks["painted"] = None
                QTimer.singleShot(0, finish)
            return False

    def finish() -> None:
        marks["painted"] = time.monotonic()
        print(json.dumps({"marks": marks, "cpu_ms": round(time.process_time() * 1000, 1)}), flush=True)
        app.quit()

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    if run_loop is None:
        app.exec()
    else:
        run_loop(app)


def child_bare() -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

    marks = {"imported": time.monotonic()}
    app = QApplication(sys.argv)
    window = QMainWindow()
    tabs = QTabWidget()
    for index in range(6):
        model = QStandardItemModel(30, 6, tabs)
        for row in range(30):
            for column in range(6):
                model.setItem(row, column, QStandardItem(f"{index}-{row}-{column}"))
        view = QTableView()
        view.setModel(model)
        tabs.addTab(view, f"Tab {index + 1}")
    window.setCentralWidget(tabs)
    window.resize(1360, 820)
    marks["built"] = time.monotonic()
    _report_first_paint(app, window, marks)


def child_app(data_dir: Path) -> None:
    import app.gui.main  # noqa: F401  (first, as the frontdesk command imports it: it orders the imports)

    # isort: split
    from PySide6.QtWidgets import QApplication

    from app.core.settings import Settings
    from app.gui.fonts import register_bundled_font
    from app.gui.i18n import install_translator
    from app.gui.main_window import MainWindow
    from app.gui.messages import set_ui_language
    from app.gui.sync_service import run_event_loop
    from app.ops.clerks import actor_of, list_clerks
    from app.ops.desk import open_desk

    marks = {"imported": time.monotonic()}
    app = QApplication(sys.argv)
    app.setApplicationName("FrontDesk")
    language = Settings.load(data_dir).get("ui.language")
    set_ui_language(language)
    register_bundled_font(app)
    install_translator(app, language)
    marks["qt_ready"] = time.monotonic()
    desk = open_desk(data_dir, daily_backup_later=True)
    marks["desk_open"] = time.monotonic()
    admin = next(clerk for clerk in list_clerks(desk.engine) if clerk.username == "admin")
    window = MainWindow(desk, actor_of(admin))
    marks["built"] = time.monotonic()
    _report_first_paint(app, window, marks, lambda app: run_event_loop(app, on_start=window.start_background_work))
    window.daily_backup.wait()
    desk.close()


# --- the parent: samples and the report ----------------------------------------------------------------------


def sample(kind: str, data_dir: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--data-dir", str(data_dir)]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **CHILD_ENV}, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    phases = {name: round((value - started) * 1000, 1) for name, value in report["marks"].items()}
    return {**phases, "cpu": report["cpu_ms"]}


def slowest_imports(data_dir: Path, count: int = 12) -> dict:
    """One more app start under ``-X importtime``: the modules that cost most on their own (self time, ms)."""
    command = [sys.executable, "-X", "importtime", str(Path(__file__).resolve()), "--child", "app",
               "--data-dir", str(data_dir)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **CHILD_ENV}, timeout=300)
    costs = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            costs.append((int(self_us), name.strip()))
    return {name: round(us / 1000, 1) for us, name in sorted(costs, reverse=True)[:count]}


def summary(samples: list[dict]) -> dict:
    return {name: round(statistics.median(s[name] for s in samples), 1) for name in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=["bare", "app"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child == "app":
        return child_app(Path(args.data_dir))

    sys.path.insert(0, str(ROOT))
    data_dir = demo_folder(args.units)
    warm_up = {kind: sample(kind, data_dir) for kind in ("bare", "app")}
    runs: dict[str, list[dict]] = {"bare": [], "app": []}
    for _ in range(args.runs):
        for kind in runs:
            runs[kind].append(sample(kind, data_dir))
    bare, app = summary(runs["bare"]), summary(runs["app"])
    print(json.dumps({
        "units": args.units,
        "runs": args.runs,
        "database_mb": round((data_dir / "frontdesk.sqlite").stat().st_size / 1e6, 1),
        "bare_window_first_paint_ms": bare["painted"],
        "app_main_window_first_paint_ms": app["painted"],
        "ratio": round(app["painted"] / bare["painted"], 2),
        "target_ratio": 2.0,
        "cpu_ms_to_first_paint": {"bare": bare["cpu"], "app": app["cpu"],
                                  "ratio": round(app["cpu"] / bare["cpu"], 2)},
        "app_phases_ms": app,
        "bare_phases_ms": bare,
        "app_samples_ms": [s["painted"] for s in runs["app"]],
        "bare_samples_ms": [s["painted"] for s in runs["bare"]],
        "warm_up_ms": {kind: marks["painted"] for kind, marks in warm_up.items()},
        "app_slowest_imports_self_ms": slowest_imports(data_dir),
        "qpa": "offscreen",
    }, indent=2))


if __name__ == "__main__":
    main()
