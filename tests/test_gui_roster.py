"""The roster import dialog: a preview of every row with the problem of each bad one, then one import of the
good rows; the export writes masked ID numbers unless an admin asks for them."""

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app.domain.roster import COLUMNS
from app.gui.main_window import MainWindow
from app.gui.roster_dialog import RosterImportDialog, choose_and_export
from app.store.db import reading
from app.store.models import Outbox, Person
from tests.gui_support import (
    dismiss_message,
    no_unanswered_dialogs,  # noqa: F401  (autouse fixture)
    when_modal,
)

GOOD_ID = "11010519491231002X"
ROWS = [
    ("3-2-1501", "89.37", "75.12", "张三", "男", "业主", "本人", "13812345678", GOOD_ID, "京A12345"),
    ("3-2-1501", "89.37", "75.12", "李四", "女", "家庭成员", "配偶", "13912345678", "", ""),
    ("3-2-1502", "89.37", "75.12", "王五", "男", "业主", "本人", "12345", "", ""),  # bad phone
    ("3-2-1503", "89.37", "75.12", "赵六", "男", "业主", "本人", "13712345678", "110105194912310021", ""),  # checksum
]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "名册.csv"
    lines = [",".join(COLUMNS)] + [",".join(row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def _window(qtbot, desk):
    window = MainWindow(desk, desk.admin)
    qtbot.addWidget(window)
    return window


def test_preview_shows_each_bad_row_with_its_reason_and_imports_the_good_ones(qtbot, desk, tmp_path):
    window = _window(qtbot, desk)
    dialog = RosterImportDialog(window.context, window.runner, _csv(tmp_path), window)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 4
    problems = {table.item(r, 2).text(): table.item(r, 8).text() for r in range(table.rowCount())}
    assert problems["张三"] == "" and problems["李四"] == ""
    assert "手机" in problems["王五"] or "电话" in problems["王五"]
    assert "校验" in problems["赵六"]
    assert table.item(0, 6).text() == "110***********002X"  # the preview masks ID numbers too
    assert (dialog.good_count, dialog.problem_count) == (2, 2)
    assert dialog.import_button.isEnabled()
    with reading(desk.engine) as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0  # the preview wrote nothing

    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    dialog.accept()
    assert dialog.imported == 2 and "2" in messages[0]
    with reading(desk.engine) as session:
        assert sorted(session.scalars(select(Person.name)).all()) == ["张三", "李四"]
        assert session.scalars(select(Outbox.name).where(Outbox.name == "registry.import_roster")).all() \
            == ["registry.import_roster"]


def test_an_unreadable_file_disables_the_import(qtbot, desk, tmp_path):
    window = _window(qtbot, desk)
    path = tmp_path / "roster.txt"
    path.write_text("not a roster", encoding="utf-8")
    messages: list[str] = []
    when_modal(QMessageBox, dismiss_message(messages))
    dialog = RosterImportDialog(window.context, window.runner, path, window)
    qtbot.addWidget(dialog)
    assert messages and not dialog.import_button.isEnabled()


def test_export_masks_id_numbers_unless_the_admin_asks(qtbot, desk, tmp_path, monkeypatch):
    window = _window(qtbot, desk)
    dialog = RosterImportDialog(window.context, window.runner, _csv(tmp_path), window)
    qtbot.addWidget(dialog)
    when_modal(QMessageBox, lambda box: box.accept())
    dialog.accept()

    from PySide6.QtWidgets import QFileDialog

    for answer, name in ((QMessageBox.StandardButton.No, "masked.csv"), (QMessageBox.StandardButton.Yes, "full.csv")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, t=target: (str(t), "CSV (*.csv)"))
        when_modal(QMessageBox, lambda box, a=answer: (box.done(a), when_modal(QMessageBox, lambda b: b.accept())))
        choose_and_export(window.context, window.runner, window)
    assert GOOD_ID not in (tmp_path / "masked.csv").read_text(encoding="utf-8-sig")
    assert "110***********002X" in (tmp_path / "masked.csv").read_text(encoding="utf-8-sig")
    assert GOOD_ID in (tmp_path / "full.csv").read_text(encoding="utf-8-sig")
