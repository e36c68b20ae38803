"""What to scan and how: the folder list (protected checkbox per folder, recent folders, drops)
and the scan options (hash, similarity threshold with named presets, rotations, crops, exclusions).

The panel only edits choices; the main window turns them into a scan. Folders are a
`QStandardItemModel` in a `QListView`: the check state of a row is its "protected" flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine.model import MAX_THRESHOLD, HashAlgorithm, KeepRule, ScanOptions
from dupviewer.ui.settings import Settings
from dupviewer.ui.words import algorithm_word

# Named thresholds (Hamming distance of 64 bits). Values are data; names are translated on use.
PRESETS: tuple[tuple[str, int], ...] = (
    ("identical", 0),
    ("near-identical", 4),
    ("similar", 10),
    ("loose", 16),
)

FolderChooser = Callable[[QWidget], Path | None]


def folders_from_mime(mime: QMimeData) -> list[Path]:
    """The local folders in a drag (files and remote URLs are ignored)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.is_dir()]


def _choose_folder_dialog(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("ScanPanel", "Add a folder to scan")
    )
    return Path(chosen) if chosen else None


class ScanPanel(QWidget):
    """Folders and options; emits `scan_requested` and, live, `threshold_changed`."""

    scan_requested = Signal()
    threshold_changed = Signal(int)  # after the user settles on a value (not on every drag pixel)
    folders_changed = Signal()
    # The user changed the method, rotations, crops or skip patterns: they need a new scan
    # (unlike the distance, which regroups at once).
    scan_settings_changed = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        choose_folder: FolderChooser = _choose_folder_dialog,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._choose_folder = choose_folder
        self.remember_folders = True  # False for the demo: its temporary folder must not persist

        # -- folders --------------------------------------------------------------------------
        self.folder_model = QStandardItemModel(self)
        self.folder_model.itemChanged.connect(self._on_folder_item_changed)
        self.folder_view = QListView()
        self.folder_view.setModel(self.folder_model)
        self.folder_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.folder_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.folder_view.setUniformItemSizes(True)
        self.folder_view.setMinimumHeight(90)
        self.folder_hint = QLabel(
            self.tr("Tick a folder to protect it: its photos can be kept but are never marked.")
        )
        self.folder_hint.setWordWrap(True)
        self.folder_hint.setEnabled(False)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Add a folder to scan (you can also drop folders here)"))
        self.add_button.clicked.connect(self.choose_and_add_folder)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.recent_button = QPushButton(self.tr("Recent"))
        self.recent_menu = QMenu(self.recent_button)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.recent_button.setMenu(self.recent_menu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.recent_button)
        buttons.addStretch(1)
        folders_box = QGroupBox(self.tr("Folders"))
        folders_layout = QVBoxLayout(folders_box)
        folders_layout.addWidget(self.folder_view, 1)
        folders_layout.addWidget(self.folder_hint)
        folders_layout.addLayout(buttons)

        # -- options --------------------------------------------------------------------------
        self.algorithm_combo = QComboBox()
        for algorithm in HashAlgorithm:
            self.algorithm_combo.addItem(algorithm_word(algorithm), algorithm.value)
        self.preset_combo = QComboBox()
        for key, value in PRESETS:
            self.preset_combo.addItem(self._preset_name(key), value)
        self.preset_combo.setItemData(
            0,
            self.tr(
                "Copies that look the same (distance 0), also re-saved, resized, converted or "
                "turned ones. Files with identical bytes are labelled exact copies in any setting."
            ),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.preset_combo.addItem(self.tr("Custom"), -1)
        # the closed box says it too, not only its list
        self.preset_combo.currentIndexChanged.connect(
            lambda i: self.preset_combo.setToolTip(
                self.preset_combo.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""
            )
        )
        self.preset_combo.activated.connect(self._on_preset_activated)
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal)
        self.threshold_slider.setRange(0, MAX_THRESHOLD)
        self.threshold_slider.setPageStep(2)
        self.threshold_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.threshold_slider.setTickInterval(4)
        # No tracking: valueChanged fires when a drag ends (or at once for keys and clicks), so a
        # drag regroups once; the label follows the handle live through sliderMoved.
        self.threshold_slider.setTracking(False)
        self.threshold_slider.sliderMoved.connect(self._show_threshold)
        self.threshold_slider.valueChanged.connect(self._on_threshold_value_changed)
        self.threshold_label = QLabel()
        self.threshold_label.setMinimumWidth(
            self.threshold_label.fontMetrics().horizontalAdvance("≤ 32 / 64") + 8
        )
        slider_row = QHBoxLayout()
        slider_row.addWidget(self.threshold_slider, 1)
        slider_row.addWidget(self.threshold_label)
        self.rotations_check = QCheckBox(self.tr("Find rotated and mirrored copies"))
        self.crops_check = QCheckBox(self.tr("Find cropped copies"))
        self.exclusions_edit = QLineEdit()
        self.exclusions_edit.setPlaceholderText(self.tr("e.g. *.gif; Screenshots/*"))
        self.exclusions_edit.setToolTip(
            self.tr("Patterns of names or paths to skip, separated by semicolons")
        )
        # user actions only (activated, clicked, editingFinished): loading settings says nothing
        self.algorithm_combo.activated.connect(self.scan_settings_changed)
        self.rotations_check.clicked.connect(self.scan_settings_changed)
        self.crops_check.clicked.connect(self.scan_settings_changed)
        self.exclusions_edit.editingFinished.connect(self.scan_settings_changed)
        options_box = QGroupBox(self.tr("Options"))
        form = QFormLayout(options_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Similarity:"), self.preset_combo)
        form.addRow(self.tr("Distance:"), slider_row)
        form.addRow(self.tr("Method:"), self.algorithm_combo)
        form.addRow(self.rotations_check)
        form.addRow(self.crops_check)
        form.addRow(self.tr("Skip:"), self.exclusions_edit)

        self.scan_button = QPushButton(self.tr("Scan"))
        self.scan_button.setDefault(True)
        self.scan_button.setMinimumHeight(32)
        self.scan_button.clicked.connect(self.scan_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(folders_box, 1)
        layout.addWidget(options_box)
        layout.addWidget(self.scan_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.load()

    # -- presets --------------------------------------------------------------------------------
    def _preset_name(self, key: str) -> str:
        names = {
            # Not "Identical": users read that as identical files, yet re-saved, resized or
            # turned copies of one picture are at distance 0 too (QA)
            "identical": self.tr("Same picture"),
            "near-identical": self.tr("Near-identical"),
            "similar": self.tr("Similar (recommended)"),
            "loose": self.tr("Loose"),
        }
        return names[key]

    @Slot(int)
    def _on_preset_activated(self, index: int) -> None:
        value = self.preset_combo.itemData(index)
        if value is not None and value >= 0:
            self.threshold_slider.setValue(int(value))

    @Slot(int)
    def _show_threshold(self, value: int) -> None:
        self.threshold_label.setText(self.tr("≤ %1 / 64").replace("%1", str(value)))
        self.threshold_label.setToolTip(
            self.tr("Photos differing in at most %1 of 64 hash bits are grouped").replace(
                "%1", str(value)
            )
        )
        index = self.preset_combo.findData(value)
        self.preset_combo.setCurrentIndex(index if index >= 0 else self.preset_combo.count() - 1)

    @Slot(int)
    def _on_threshold_value_changed(self, value: int) -> None:
        self._show_threshold(value)
        self.threshold_changed.emit(value)

    # -- folders --------------------------------------------------------------------------------
    def folders(self) -> list[Path]:
        return [Path(self.folder_model.item(r).data()) for r in range(self.folder_model.rowCount())]

    def protected_folders(self) -> list[Path]:
        return [
            Path(item.data())
            for item in (self.folder_model.item(r) for r in range(self.folder_model.rowCount()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def add_folders(self, paths: Iterable[Path], protected: Sequence[Path] = ()) -> int:
        """Add folders not already listed; returns how many were added."""
        known = set(self.folders())
        added = 0
        for path in paths:
            path = Path(path).expanduser().absolute()
            if path in known:
                continue
            known.add(path)
            item = QStandardItem(str(path))
            item.setData(str(path))
            item.setEditable(False)
            item.setCheckable(True)
            item.setCheckState(
                Qt.CheckState.Checked if path in protected else Qt.CheckState.Unchecked
            )
            item.setToolTip(
                self.tr("%1\nTick to protect: photos here are never marked for removal.").replace(
                    "%1", str(path)
                )
            )
            self.folder_model.appendRow(item)
            added += 1
        if added:
            self._update_buttons()
            self.folders_changed.emit()
        return added

    def set_folders(self, paths: Sequence[Path], protected: Sequence[Path] = ()) -> None:
        self.folder_model.removeRows(0, self.folder_model.rowCount())
        self.add_folders(paths, [Path(p).expanduser().absolute() for p in protected])
        self._update_buttons()
        self.folders_changed.emit()

    @Slot()
    def choose_and_add_folder(self) -> None:
        path = self._choose_folder(self)
        if path is not None:
            self.add_folders([path])

    @Slot()
    def _on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.folder_view.selectedIndexes()}, reverse=True)
        for row in rows:
            self.folder_model.removeRow(row)
        if rows:
            self._update_buttons()
            self.folders_changed.emit()

    @Slot(QStandardItem)
    def _on_folder_item_changed(self, _item: QStandardItem) -> None:
        self.folders_changed.emit()

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        recent = self._settings.recent_folders
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.setData(str(path))
            action.setEnabled(path.is_dir())
            action.triggered.connect(self._on_recent_action_triggered)
        if not recent:
            self.recent_menu.addAction(self.tr("No recent folders")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list")).triggered.connect(
                self._on_clear_recent_triggered
            )

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        if action is not None and action.data():
            self.add_folders([Path(action.data())])

    @Slot()
    def _on_clear_recent_triggered(self) -> None:
        self._settings.clear_recent_folders()

    def _update_buttons(self) -> None:
        has = self.folder_model.rowCount() > 0
        self.remove_button.setEnabled(has)
        self.scan_button.setEnabled(has)

    # -- options, settings ---------------------------------------------------------------------
    def threshold(self) -> int:
        return self.threshold_slider.value()

    def set_threshold(self, value: int) -> None:
        self.threshold_slider.setValue(max(0, min(MAX_THRESHOLD, int(value))))
        self._show_threshold(self.threshold_slider.value())

    def exclusions(self) -> list[str]:
        return [p.strip() for p in self.exclusions_edit.text().split(";") if p.strip()]

    def options(self, keep_rules: Sequence[KeepRule]) -> ScanOptions:
        """The scan the user asked for."""
        return ScanOptions(
            roots=tuple(self.folders()),
            reference_roots=tuple(self.protected_folders()),
            algorithm=HashAlgorithm(self.algorithm_combo.currentData()),
            threshold=self.threshold(),
            rotations=self.rotations_check.isChecked(),
            crops=self.crops_check.isChecked(),
            exclude=tuple(self.exclusions()),
            keep_rules=tuple(keep_rules),
        )

    def load(self) -> None:
        s = self._settings
        self.set_folders(s.folders, s.protected_folders)
        index = self.algorithm_combo.findData(s.algorithm.value)
        self.algorithm_combo.setCurrentIndex(max(0, index))
        self.threshold_slider.blockSignals(True)
        self.set_threshold(s.threshold)
        self.threshold_slider.blockSignals(False)
        self.rotations_check.setChecked(s.rotations)
        self.crops_check.setChecked(s.crops)
        self.exclusions_edit.setText("; ".join(s.exclusions))
        self._update_buttons()

    def save(self) -> None:
        s = self._settings
        if self.remember_folders:
            s.folders = self.folders()
            s.protected_folders = self.protected_folders()
        s.algorithm = HashAlgorithm(self.algorithm_combo.currentData())
        s.threshold = self.threshold()
        s.rotations = self.rotations_check.isChecked()
        s.crops = self.crops_check.isChecked()
        s.exclusions = self.exclusions()
