"""The Chinese UI: translations complete and compiled, installed at start, and the bundled CJK font."""

import ast
import re

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QRawFont
from PySide6.QtWidgets import QDialogButtonBox

from app.core.paths import cjk_font_path, install_root
from app.gui.fonts import register_bundled_font
from app.gui.i18n import gui_sources, install_translator, qm_path, read_ts, run_lrelease, run_lupdate, ts_path

PLACEHOLDER = re.compile(r"\{\w*\}|%n|%L?\d+")
MNEMONIC = re.compile(r"&(\w)")


@pytest.fixture
def language_restored(qapp):
    """Leave the application as the other tests expect it: English source strings, the same locale and font."""
    locale, font = QLocale(), qapp.font()
    yield qapp
    install_translator(qapp, "en")
    QLocale.setDefault(locale)
    qapp.setFont(font)


def test_every_message_has_a_chinese_translation():
    messages = read_ts(ts_path("zh_CN"))
    assert messages, "the .ts holds no messages"
    unfinished = [(m.context, m.source) for m in messages if not m.finished or not m.translation.strip()]
    assert unfinished == []


def test_translations_keep_placeholders_and_shortcut_keys():
    for m in read_ts(ts_path("zh_CN")):
        assert sorted(PLACEHOLDER.findall(m.translation)) == sorted(PLACEHOLDER.findall(m.source)), m
        source_keys = [key.lower() for key in MNEMONIC.findall(m.source.replace("&&", ""))]
        translated_keys = [key.lower() for key in MNEMONIC.findall(m.translation.replace("&&", ""))]
        assert translated_keys == source_keys, m


def test_every_gui_string_found_by_lupdate_is_in_the_ts(tmp_path):
    fresh = tmp_path / "fresh_zh_CN.ts"
    run_lupdate(fresh)
    in_code = {(m.context, m.source, m.comment) for m in read_ts(fresh)}
    shipped = {(m.context, m.source, m.comment) for m in read_ts(ts_path("zh_CN"))}
    assert in_code, "lupdate found no tr() strings in app/gui"
    missing = sorted(in_code - shipped)
    assert missing == [], "run `python -m app.gui.i18n update`, translate, then `compile`"


def _is_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_every_translated_text_is_a_literal_that_lupdate_can_see():
    """tr()/translate() called on a variable (a helper such as ``_tr(text)``) hides its strings from lupdate:
    they never reach the .ts and stay English in the Chinese UI."""
    hidden = []
    for path in gui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == "tr" and node.args:
                literal = _is_text(node.args[0])
            elif node.func.attr == "translate" and len(node.args) >= 2:
                literal = _is_text(node.args[0]) and _is_text(node.args[1])
            else:
                continue
            if not literal:
                hidden.append(f"{path.relative_to(install_root())}:{node.lineno}")
    assert hidden == [], "write the English text as a literal inside tr()/QCoreApplication.translate()"


def test_compiled_qm_matches_the_ts(tmp_path):
    compiled = tmp_path / "frontdesk_zh_CN.qm"
    run_lrelease(ts_path("zh_CN"), compiled)
    assert qm_path("zh_CN").read_bytes() == compiled.read_bytes(), "run `python -m app.gui.i18n compile`"


def test_login_dialog_speaks_chinese_by_default_and_english_on_request(desk, qtbot, language_restored):
    from app.gui.credentials import LoginDialog

    def texts():
        dialog = LoginDialog(desk)
        qtbot.addWidget(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        return (dialog.windowTitle(), buttons.button(QDialogButtonBox.StandardButton.Ok).text(),
                buttons.button(QDialogButtonBox.StandardButton.Cancel).text())

    install_translator(language_restored, "zh_CN")
    assert texts() == ("FrontDesk — 登录", "登录", "取消")  # the last one comes from Qt's own qtbase_zh_CN
    assert QLocale().name() == "zh_CN"

    install_translator(language_restored, "en")
    assert texts() == ("FrontDesk — log in", "Log in", "Cancel")


def test_unknown_language_is_refused(language_restored):
    from app.core.errors import ValidationError

    with pytest.raises(ValidationError):
        install_translator(language_restored, "fr")


def test_bundled_font_becomes_the_application_font_and_draws_chinese(language_restored):
    family = register_bundled_font(language_restored)
    assert family == "WenQuanYi Micro Hei"
    assert language_restored.font().family() == family
    raw = QRawFont.fromFont(language_restored.font())
    assert raw.familyName() == family
    # supportsCharacter() wrongly says no for some CJK characters of this .ttc; the cmap look-up is reliable.
    assert 0 not in raw.glyphIndexesForString("住户房号业主登录主管审批翠湖花园")


def test_font_ships_with_its_licence():
    folder = cjk_font_path().parent
    assert cjk_font_path().stat().st_size > 4_000_000
    assert "Apache License" in (folder / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "WenQuanYi" in (folder / "wqy-microhei.copyright").read_text(encoding="utf-8")
