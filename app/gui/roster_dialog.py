"""Household roster import (with a preview of every row and its problems before anything is written) and
export, on app.ops.roster (imported when a roster is read or written: the main window's File menu loads this
module at start)."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.idcard import mask_id_number
from app.gui.context import DeskContext
from app.gui.messages import confirm, show_info
from app.gui.op_runner import OpRunner

IMPORT = "registry.import"
EXPORT = "registry.export"
UNMASK = "person.unmask_id"
_PROBLEM_BACKGROUND = QColor("#fde2e1")


class RosterImportDialog(QDialog):
    """Shows the file's rows with the problem of each bad one; importing then writes the good rows as one
    op (the file is read and checked again at that moment, so the import matches the file as it is)."""

    def __init__(self, context: DeskContext, runner: OpRunner, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.runner, self.path = context, runner, Path(path)
        self.imported: int | None = None
        self.setWindowTitle(self.tr("Import roster — {file}").format(file=self.path.name))
        self.summary = QLabel(objectName="rosterSummary", wordWrap=True)
        self.table = QTableWidget(0, 9, objectName="rosterPreview")
        self.table.setHorizontalHeaderLabels([
            self.tr("Line"), self.tr("Room"), self.tr("Name"), self.tr("Role"), self.tr("Relation"),
            self.tr("Phone"), self.tr("ID number"), self.tr("Plates"), self.tr("Problem")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 560)
        self.good_count = 0
        self.problem_count = 0
        self.preview()

    def preview(self) -> None:
        checked = self.runner.call(self, self._read_and_check)
        if checked is None:
            self.summary.setText(self.tr("The file cannot be imported."))
            self.import_button.setEnabled(False)
            return
        rows, check = checked
        problems = {problem.line: problem.reason for problem in check.problems}
        self.good_count, self.problem_count = len(check.good), len(problems)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            shown_id = mask_id_number(row.id_number) if len(row.id_number) > 7 else row.id_number
            cells = (str(row.line), row.room, row.name, row.role, row.relation, row.phone, shown_id, row.plates,
                     problems.get(row.line, ""))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if row.line in problems:
                    item.setBackground(QBrush(_PROBLEM_BACKGROUND))
                self.table.setItem(index, column, item)
        self.summary.setText(self.tr("{good} rows are ready to import; {bad} rows have problems and will be "
                                     "skipped (shown in red with the reason).")
                             .format(good=self.good_count, bad=self.problem_count))
        self.import_button.setText(self.tr("Import {count} rows").format(count=self.good_count))
        self.import_button.setEnabled(self.good_count > 0)

    def _read_and_check(self):
        from app.ops.roster import check_roster, read_roster

        rows = read_roster(self.path)
        return rows, check_roster(self.context.desk, rows)

    def accept(self) -> None:
        from app.ops.roster import import_roster

        report = self.runner.call(self, lambda: import_roster(self.context.desk, self.context.actor, self.path),
                                  changed="registry.import_roster")
        if report is None:
            return
        self.imported = report.imported
        text = self.tr("{count} rows imported.").format(count=report.imported)
        if report.problems:
            skipped = [self.tr("line {line}: {reason}").format(line=p.line, reason=p.reason)
                       for p in report.problems[:20]]
            text += "\n" + self.tr("{count} rows were skipped:").format(count=len(report.problems))
            text += "\n" + "\n".join(skipped)
        show_info(self, text)
        super().accept()



def choose_and_import(context: DeskContext, runner: OpRunner, parent: QWidget) -> None:
    title = QCoreApplication.translate("RosterFiles", "Import household roster")
    kinds = QCoreApplication.translate("RosterFiles", "Rosters (*.xlsx *.csv);;Excel (*.xlsx);;CSV (*.csv)")
    path, _filter = QFileDialog.getOpenFileName(parent, title, "", kinds)
    if path:
        RosterImportDialog(context, runner, Path(path), parent).exec()


def choose_and_export(context: DeskContext, runner: OpRunner, parent: QWidget) -> None:
    title = QCoreApplication.translate("RosterFiles", "Export household roster")
    kinds = QCoreApplication.translate("RosterFiles", "Excel (*.xlsx);;CSV (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(parent, title, "roster.xlsx", kinds)
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    unmask = context.actor.can(UNMASK) and confirm(parent, QCoreApplication.translate(
        "RosterFiles", "Export the full ID numbers? Without them the file holds masked numbers only. "
                       "A full export is recorded in the audit log."))
    from app.ops.roster import export_roster

    count = runner.call(parent, lambda: export_roster(context.desk, context.actor, target, unmask=unmask))
    if count is not None:
        done = QCoreApplication.translate("RosterFiles", "{count} rows exported to {file}.")
        show_info(parent, done.format(count=count, file=target))
