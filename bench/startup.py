"""Start-up time of the desk: process start to the first paint of the main window, on the 100,000-unit demo,
beside a bare PySide6 window with six tabs of table views, measured in the same run. Prints JSON.

    python bench/startup.py [--units 100000] [--runs 7]

Each sample is a fresh Python subprocess (offscreen Qt). The clock starts in this process just before the child
is spawned (so interpreter start-up and imports count) and stops when the child's window has handled its first
paint event and the event loop comes round once more (the whole first frame is drawn); both processes read
the system-wide monotonic clock. The child's CPU time up to that paint is reported too: on a shared machine it
swings less with load than wall time. Samples of the two kinds alternate; one warm-up of each is reported apart and
left out of the medians. One extra app start under ``-X importtime`` lists the slowest imports before the first
frame and after it.

The app child does what ``app.gui.main.run_gui`` does (imports in the program's order, settings, bundled font,
translator, the instance lock, ``peek_desk``'s sqlite3 look at the data folder, the window built on an
``OpeningDesk``, Qt's event loop run as an asyncio loop by ``run_event_loop`` with the window's background work
as its start) except the login dialog: it builds the main window directly for the demo's ``admin`` clerk (read
with sqlite3, as the login would have authenticated it), because a login waits for a person. As in the program,
the first frame is painted before the store (SQLAlchemy, the tables) is loaded; the store opens right after it.
So the window's phases go on past the first paint: ``store_open`` (``open_desk`` returned) and ``shown`` (the
window has drawn the store's data: tabs, household detail, status counts — usable), both reported beside it.
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


def _watch_first_paint(app, window, marks: dict, on_painted=None) -> None:
    """Mark ``painted`` once ``window`` has painted its first frame, then call ``on_painted`` (default: print the
    marks as JSON and quit)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if watched is window and event.type() == QEvent.Type.Paint and "painted" not in marks:
                marks["painted"] = None
                QTimer.singleShot(0, painted)
            return False

    def painted() -> None:
        marks["painted"] = time.monotonic()
        marks["cpu"] = time.process_time()
        print(FIRST_FRAME_LINE, file=sys.stderr, flush=True)
        (on_painted or (lambda: _report(app, marks)))()

    window.installEventFilter(FirstPaint(window))


def _report(app, marks: dict) -> None:
    cpu = {name: round(marks.pop(name) * 1000, 1) for name in [name for name in marks if name.startswith("cpu")]}
    print(json.dumps({"marks": marks, "cpu_ms": cpu}), flush=True)
    app.quit()


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
    _watch_first_paint(app, window, marks)
    window.show()
    app.exec()


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
    from app.ops.desk_opening import OpeningDesk
    from app.store.peek import peek_desk
    from app.sync.instance_lock import InstanceLock

    class TimedOpening(OpeningDesk):
        def open(self):
            desk = super().open()
            marks.setdefault("store_open", time.monotonic())
            return desk

    marks = {"imported": time.monotonic()}
    app = QApplication(sys.argv)
    app.setApplicationName("FrontDesk")
    settings = Settings.load(data_dir)
    language = settings.get("ui.language")
    set_ui_language(language)
    register_bundled_font(app)
    install_translator(app, language)
    instance = InstanceLock(data_dir).acquire()
    marks["qt_ready"] = time.monotonic()
    peek = peek_desk(data_dir)
    if peek is None:
        raise SystemExit(f"{data_dir}: not a demo at this code's schema head")
    desk = TimedOpening(data_dir, peek, settings)
    marks["peeked"] = time.monotonic()
    window = MainWindow(desk, demo_admin(data_dir))
    marks["built"] = time.monotonic()

    def shown() -> None:
        marks["shown"] = time.monotonic()
        marks["cpu_shown"] = time.process_time()
        _report(app, marks)

    window.store_shown.connect(shown)
    window.store_failed.connect(lambda: app.exit(1))
    _watch_first_paint(app, window, marks, on_painted=lambda: None)
    window.show()
    code = run_event_loop(app, on_start=window.start_background_work)
    window.daily_backup.wait()
    desk.close()
    instance.release()
    if code:
        raise SystemExit(code)


def demo_admin(data_dir: Path):
    """The demo's ``admin`` as the login dialog would have authenticated it (app.ops.clerks.actor_of)."""
    import sqlite3
    import uuid

    from app.core.paths import database_path
    from app.ops.actor import Actor

    connection = sqlite3.connect(f"{database_path(data_dir).resolve().as_uri()}?mode=ro", uri=True)
    try:
        (clerk_id, username, display_name, roles), = connection.execute(
            "SELECT id, username, display_name, roles FROM clerk WHERE username = 'admin'").fetchall()
    finally:
        connection.close()
    return Actor(uuid.UUID(bytes=clerk_id), username, display_name, tuple(r for r in roles.split(",") if r))


# --- the parent: samples and the report ----------------------------------------------------------------------


def sample(kind: str, data_dir: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--data-dir", str(data_dir)]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **CHILD_ENV}, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    phases = {name: round((value - started) * 1000, 1) for name, value in report["marks"].items()}
    return {**phases, **report["cpu_ms"]}


FIRST_FRAME_LINE = "-- first frame painted --"  # on stderr: splits ``-X importtime``'s list (written in order)


def slowest_imports(data_dir: Path, count: int = 12) -> dict:
    """One more app start under ``-X importtime``: the modules that cost most on their own (self time, ms), those
    imported before the first frame and those after it (the store, opened behind it)."""
    command = [sys.executable, "-X", "importtime", str(Path(__file__).resolve()), "--child", "app",
               "--data-dir", str(data_dir)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **CHILD_ENV}, timeout=300)
    costs: dict[str, list] = {"before_first_frame": [], "after_first_frame": []}
    phase = "before_first_frame"
    for line in result.stderr.splitlines():
        if line == FIRST_FRAME_LINE:
            phase = "after_first_frame"
        elif line.startswith("import time:") and "|" in line and "self [us]" not in line:
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            costs[phase].append((int(self_us), name.strip()))
    return {phase: {"total": round(sum(us for us, _name in found) / 1000, 1),
                    **{name: round(us / 1000, 1) for us, name in sorted(found, reverse=True)[:count]}}
            for phase, found in costs.items()}


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
        # the first frame is painted before the store loads; when the window holds the store's data (usable):
        "app_store_open_ms": app["store_open"],
        "app_shows_data_ms": app["shown"],
        "shows_data_ratio": round(app["shown"] / bare["painted"], 2),
        "cpu_ms_to_shows_data": app["cpu_shown"],
        "app_phases_ms": app,
        "bare_phases_ms": bare,
        "app_samples_ms": [s["painted"] for s in runs["app"]],
        "app_shows_data_samples_ms": [s["shown"] for s in runs["app"]],
        "bare_samples_ms": [s["painted"] for s in runs["bare"]],
        "warm_up_ms": {kind: marks["painted"] for kind, marks in warm_up.items()},
        "app_slowest_imports_self_ms": slowest_imports(data_dir),
        "qpa": "offscreen",
    }, indent=2))


if __name__ == "__main__":
    main()
