"""The bundled CJK font: registered at start and made the application font, so Chinese looks the same on every PC."""

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from app.core.errors import StorageError
from app.core.paths import cjk_font_path

FONT_SUFFIXES = (".ttc", ".ttf", ".otf")


def register_bundled_font(app: QGuiApplication) -> str:
    """Register every font in resources/fonts and set the CJK one as the application font; return its family."""
    main_font = cjk_font_path()
    if not main_font.is_file():
        raise StorageError(f"安装不完整：缺少字体文件 {main_font}，请重新安装本程序。",
                           f"Incomplete installation: font file {main_font} is missing; reinstall the program.")
    main_families: list[str] = []
    for path in sorted(main_font.parent.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise StorageError(f"字体文件 {path.name} 无法加载，请重新安装本程序。",
                               f"Font file {path.name} cannot be loaded; reinstall the program.")
        if path == main_font:
            main_families = QFontDatabase.applicationFontFamilies(font_id)
    # A .ttc holds several faces (WenQuanYi Micro Hei and its Mono variant): the proportional one comes first.
    family = next((name for name in main_families if "mono" not in name.lower()), main_families[0])
    font = QFont(app.font())
    font.setFamilies([family])
    app.setFont(font)
    return family
