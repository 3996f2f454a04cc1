"""The PyInstaller one-folder bundle builds from build.spec and starts: the console command on a fresh data
folder (migrations, database, key store) and the GUI executable's self-test (Qt, the font, the translations)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-4000:]
    return work / "dist" / "FrontDesk"


def run_bundled(bundle: Path, exe: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    environment.pop("PYTHONPATH", None)  # the bundle must not lean on the source checkout
    return subprocess.run([str(bundle / f"{exe}{EXE_SUFFIX}"), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300, env=environment, cwd=bundle.parent)


def test_console_command_creates_and_verifies_a_fresh_desk(bundle, tmp_path):
    data_dir = tmp_path / "fresh desk"
    result = run_bundled(bundle, "frontdesk-cli", "audit", "verify", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "审计日志完整" in result.stdout
    assert (data_dir / "frontdesk.sqlite").is_file()
    assert (data_dir / "keys").is_dir()


def test_gui_executable_paints_the_main_window_in_chinese_and_previews_a_receipt(bundle):
    result = run_bundled(bundle, "FrontDesk", "--self-test", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["main_window_painted"] and report["font"] == "WenQuanYi Micro Hei"
    assert report["qt_cancel_button"] == "取消"
    assert report["receipt_pdf_renders"]  # reportlab + the font + QtPdf, as the print preview uses them


def test_bundle_carries_its_data_and_leaves_unused_qt_out(bundle):
    internal = bundle / "_internal"
    assert (internal / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert (internal / "resources" / "translations" / "frontdesk_zh_CN.qm").is_file()
    assert (internal / "migrations" / "env.py").is_file()
    assert list((internal / "migrations" / "versions").glob("0001_*.py"))
    shipped = {path.name.lower() for path in internal.rglob("*")}
    for unused in ("qtquick", "qtqml", "qtwebengine", "qtvirtualkeyboard", "qt3d", "qtmultimedia"):
        assert not any(unused in name for name in shipped), unused
    qt_translations = [name for name in shipped if name.startswith("qtbase_") and name.endswith(".qm")]
    assert qt_translations == ["qtbase_zh_cn.qm"]
