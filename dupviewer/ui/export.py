"""File > Export: write the current result as CSV or JSON through the engine's report module.

The schema is the engine's (`dupviewer.engine.report`), the same the CLI writes, so an export
from the app and `dupviewer-cli scan --json` agree; the app's export also says what the user
decided: `keep` on the copy they keep, `marked` on the copies marked for the trash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dupviewer.engine import report
from dupviewer.engine.filekinds import is_a_photo
from dupviewer.engine.model import ScanResult
from dupviewer.ui.messages import show_message

log = logging.getLogger(__name__)


class ExportFormat(str, Enum):
    CSV = "csv"
    JSON = "json"


SaveChooser = Callable[[QWidget, ExportFormat], Path | None]


_FOLDER_KEY = "export/folder"  # the folder of the last export (QSettings of the app)


def choose_export_path(parent: QWidget, fmt: ExportFormat) -> Path | None:
    """Ask where to save, in the folder of the last export; the suffix follows the format and
    is added by the dialog itself, so its "replace?" question sees the real name (QA: a name
    typed without one got it after the question)."""
    if fmt is ExportFormat.CSV:
        title = QCoreApplication.translate("export", "Export as CSV")
        filters = QCoreApplication.translate("export", "CSV files (*.csv)")
    else:
        title = QCoreApplication.translate("export", "Export as JSON")
        filters = QCoreApplication.translate("export", "JSON files (*.json)")
    settings = QSettings()
    folder = Path(str(settings.value(_FOLDER_KEY, "") or ""))
    start = folder / f"dupviewer.{fmt.value}" if str(folder) not in ("", ".") else None
    dialog = QFileDialog(parent, title, str(start or f"dupviewer.{fmt.value}"), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(fmt.value)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    settings.setValue(_FOLDER_KEY, str(path.parent))
    return path


def write_export(
    result: ScanResult, path: Path, fmt: ExportFormat, marked: Collection[Path] = frozenset()
) -> None:
    """Write `result` to `path` in `fmt` (raises OSError when the file cannot be written)."""
    if fmt is ExportFormat.CSV:
        report.write_csv(result, path, marked)
    else:
        report.write_json(result, path, marked)


def export_result(
    parent: QWidget,
    result: ScanResult,
    fmt: ExportFormat,
    choose: SaveChooser = choose_export_path,
    marked: Collection[Path] = frozenset(),
) -> Path | None:
    """Ask for a file and export to it; a write failure is shown, never raised."""
    path = choose(parent, fmt)
    if path is None:
        return None
    if is_a_photo(path):  # as the command line: never a report over a photo (its name or bytes)
        show_message(
            parent,
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("export", "Export failed"),
            QCoreApplication.translate(
                "export", "%1 is an image: the export was not written over it."
            ).replace("%1", str(path)),
        )
        return None
    try:
        write_export(result, path, fmt, marked)
    except OSError as exc:
        log.warning("export to %s failed: %s", path, exc)
        show_message(
            parent,
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("export", "Export failed"),
            QCoreApplication.translate("export", "Could not write %1:\n%2")
            .replace("%1", str(path))
            .replace("%2", exc.strerror or str(exc)),
        )
        return None
    return path
