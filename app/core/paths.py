"""Where things live, in a source checkout and in a PyInstaller bundle alike."""

import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "FrontDesk"
DB_FILENAME = "frontdesk.sqlite"


def install_root() -> Path:
    """The folder holding `resources/` and `migrations/` (the bundle's folder when frozen)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return install_root() / "resources"


def migrations_dir() -> Path:
    return install_root() / "migrations"


CJK_FONT_FILENAME = "wqy-microhei.ttc"


def cjk_font_path() -> Path:
    """The bundled TrueType CJK font (WenQuanYi Micro Hei): the GUI and the PDF printer both use this file."""
    return resources_dir() / "fonts" / CJK_FONT_FILENAME


def translations_dir() -> Path:
    return resources_dir() / "translations"


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def demo_data_dir() -> Path:
    return default_data_dir() / "demo"


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


# Present while a demo is being generated: a folder whose generation was cut short is refused, not opened.
DEMO_UNFINISHED_MARKER = "demo-unfinished"


def demo_is_ready(data_dir: Path) -> bool:
    """A demo folder with its database and not cut short: ``frontdesk --demo`` opens it as it is."""
    return database_path(data_dir).exists() and not (data_dir / DEMO_UNFINISHED_MARKER).exists()


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def archive_dir(data_dir: Path) -> Path:
    """Printed documents, kept for reprints."""
    return data_dir / "archive"
