"""UI language: the Qt translators at start-up, and the tooling that keeps the translations in step with the code.

Source strings in app/gui are English (``self.tr("...")``); Chinese (zh_CN) is the default UI language.

    python -m app.gui.i18n update    # pyside6-lupdate app/gui/**/*.py into resources/translations/*.ts
    python -m app.gui.i18n compile   # pyside6-lrelease the .ts files into .qm files beside them
    python -m app.gui.i18n status    # list source strings that still lack a translation
"""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.errors import StorageError, ValidationError
from app.core.paths import install_root, translations_dir

SOURCE_LANGUAGE = "en"
TRANSLATED_LANGUAGES = ("zh_CN",)
CATALOG = "frontdesk"
_INSTALLED_NAME = "frontdesk-translator"


def ts_path(language: str) -> Path:
    return translations_dir() / f"{CATALOG}_{language}.ts"


def qm_path(language: str) -> Path:
    return translations_dir() / f"{CATALOG}_{language}.qm"


def qt_translation_path(language: str) -> Path:
    """Qt's own strings (standard dialog buttons, context menus) as shipped in PySide6."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{language}.qm"


def install_translator(app: QCoreApplication, language: str) -> None:
    """Switch the UI to ``language`` ("zh_CN", or "en" for the English source strings); may be called again."""
    if language != SOURCE_LANGUAGE and language not in TRANSLATED_LANGUAGES:
        raise ValidationError(f"不支持的界面语言：{language}", f"Unsupported UI language: {language}")
    for old in app.findChildren(QTranslator):
        if old.objectName() == _INSTALLED_NAME:
            app.removeTranslator(old)
            old.deleteLater()
    QLocale.setDefault(QLocale("en_US" if language == SOURCE_LANGUAGE else language))
    if language == SOURCE_LANGUAGE:
        return
    for path in (qt_translation_path(language), qm_path(language)):
        translator = QTranslator(app)
        translator.setObjectName(_INSTALLED_NAME)
        if not translator.load(str(path)):
            raise StorageError(f"安装不完整：无法加载界面翻译 {path}，请重新安装本程序。",
                               f"Incomplete installation: cannot load translation {path}; reinstall the program.")
        app.installTranslator(translator)


# --- tooling (developer side) ---------------------------------------------------------------------------------


def _qt_tool(name: str) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return Path(PySide6.__file__).resolve().parent / f"{name}{suffix}"


def gui_sources() -> list[Path]:
    return sorted((install_root() / "app" / "gui").rglob("*.py"))


def run_lupdate(ts_file: Path) -> None:
    """Extract every tr() string of app/gui into ``ts_file``, keeping the translations it already has."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    command = [str(_qt_tool("lupdate")), "-silent", "-locations", "none", "-no-obsolete",
               *[str(path) for path in gui_sources()], "-ts", str(ts_file)]
    subprocess.run(command, check=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([str(_qt_tool("lrelease")), "-silent", str(ts_file), "-qm", str(qm_file)], check=True)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    finished: bool


def read_ts(ts_file: Path) -> list[Message]:
    """The messages of a .ts file, vanished and obsolete ones left out."""
    import xml.etree.ElementTree as ET  # (tooling: not loaded when the desk starts)

    messages = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            numerus = translation.findall("numerusform") if translation is not None else []
            text = "".join(form.text or "" for form in numerus) if numerus else (translation.text or "")
            messages.append(Message(name, message.findtext("source", ""), message.findtext("comment", ""), text,
                                    kind != "unfinished"))
    return messages


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    action = args[0] if args else ""
    if action == "update":
        for language in TRANSLATED_LANGUAGES:
            run_lupdate(ts_path(language))
    elif action == "compile":
        for language in TRANSLATED_LANGUAGES:
            run_lrelease(ts_path(language), qm_path(language))
    elif action == "status":
        missing = [(language, m) for language in TRANSLATED_LANGUAGES for m in read_ts(ts_path(language))
                   if not m.finished or not m.translation.strip()]
        for language, message in missing:
            print(f"{language}\t{message.context}\t{message.source}")
        print(f"{len(missing)} untranslated", file=sys.stderr)
        return 1 if missing else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
