"""Run a Python snippet in a fresh interpreter (what a process imports can only be seen in one that nothing else
has loaded yet), with the project on its path, and check what it left out of ``sys.modules``."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_fresh(script: str, **env: str) -> str:
    """Run ``script`` with ``python -c`` from the project's root; fail with its output unless it exits 0; its stdout."""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **env))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def not_loaded(packages: tuple[str, ...] = (), modules: tuple[str, ...] = ()) -> str:
    """Script lines asserting that no module of ``packages`` and none of ``modules`` has been imported."""
    return ("import sys\n"
            f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {packages!r})\n"
            f"loaded += [m for m in {modules!r} if m in sys.modules]\n"
            "assert not loaded, loaded\n")
