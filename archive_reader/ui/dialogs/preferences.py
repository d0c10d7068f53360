"""PreferencesDialog: library location, theme, reader font, highlight labels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.errors import ArchiveError
from archive_reader.ui import messages
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.settings import THEMES, Settings

_ORIGINAL_ROLE = Qt.ItemDataRole.UserRole + 20
_THEME_NAMES = {"system": "Like the system", "light": "Light", "dark": "Dark"}


def pick_color(parent: QWidget | None, initial: str) -> str:
    """Asks for a colour; "" when cancelled (a helper, so tests can patch it)."""
    color = QColorDialog.getColor(QColor(initial), parent, "Label Colour")
    return color.name() if color.isValid() else ""


class PreferencesDialog(QDialog):
    """The user's preferences; OK and Apply store them and emit ``applied``.

    Signals:
        applied(): Settings (and labels) were saved; the window applies them.
        library_requested(object): The user chose a library folder (a Path) to open.
    """

    applied = Signal()
    library_requested = Signal(object)

    def __init__(
        self, archive: ArchiveFacade, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._settings = settings
        self._build_ui()
        self._connect_signals()
        self._load()

    def _build_ui(self) -> None:
        self.setWindowTitle("Preferences")
        self.setMinimumSize(560, 420)
        self.tabs = QTabWidget()

        library = QWidget()
        self.library_label = QLabel()
        self.library_label.setWordWrap(True)
        self.library_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recent_list = QListWidget()
        self.recent_list.setToolTip("Double-click a library to open it")
        self.open_recent_button = QPushButton("Open Selected")
        self.open_button = QPushButton("Open Library…")
        self.new_button = QPushButton("New Library…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_recent_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        library_layout = QVBoxLayout(library)
        library_layout.addWidget(self.library_label)
        library_layout.addWidget(QLabel("Recent libraries:"))
        library_layout.addWidget(self.recent_list, 1)
        library_layout.addLayout(buttons)
        self.tabs.addTab(library, "&Library")

        appearance = QWidget()
        self.theme_combo = QComboBox()
        for theme in THEMES:
            self.theme_combo.addItem(_THEME_NAMES[theme], theme)
        self.default_font_check = QCheckBox("The reader's own serif font")
        self.font_combo = QFontComboBox()
        self.font_size_spin = QDoubleSpinBox()
        self.font_size_spin.setRange(8, 32)
        self.font_size_spin.setDecimals(0)
        self.font_size_spin.setSuffix(" pt")
        form = QFormLayout(appearance)
        form.addRow("Theme:", self.theme_combo)
        form.addRow("Reader font:", self.default_font_check)
        form.addRow("", self.font_combo)
        form.addRow("Reader font size:", self.font_size_spin)
        self.tabs.addTab(appearance, "&Appearance")

        labels = QWidget()
        self.labels_table = QTableWidget(0, 2)
        self.labels_table.setHorizontalHeaderLabels(["Label", "Colour"])
        self.labels_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.labels_table.verticalHeader().setVisible(False)
        self.labels_table.setToolTip(
            "Double-click a name to rename the label; click a colour to change it. "
            "Keys 1–9 in the reader apply the first nine labels."
        )
        self.add_label_button = QPushButton("Add Label")
        self.color_button = QPushButton("Change Colour…")
        label_buttons = QHBoxLayout()
        label_buttons.addWidget(self.add_label_button)
        label_buttons.addWidget(self.color_button)
        label_buttons.addStretch(1)
        labels_layout = QVBoxLayout(labels)
        labels_layout.addWidget(self.labels_table, 1)
        labels_layout.addLayout(label_buttons)
        self.tabs.addTab(labels, "Highlight La&bels")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply_button.clicked.connect(self.apply)
        self.default_font_check.toggled.connect(self._on_default_font_check_toggled)
        self.open_recent_button.clicked.connect(self._on_open_recent_button_clicked)
        self.recent_list.itemDoubleClicked.connect(self._on_open_recent_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.add_label_button.clicked.connect(self._on_add_label_button_clicked)
        self.color_button.clicked.connect(self._on_color_button_clicked)
        self.labels_table.cellClicked.connect(self._on_labels_table_cell_clicked)

    # Public API

    def accept(self) -> None:
        if self.apply():
            super().accept()

    def apply(self) -> bool:
        """Stores the settings and the labels; False when a label could not be saved."""
        self._settings.theme = str(self.theme_combo.currentData())
        self._settings.reader_font_family = (
            "" if self.default_font_check.isChecked() else self.font_combo.currentFont().family()
        )
        self._settings.reader_font_size = self.font_size_spin.value()
        self._settings.sync()
        ok = self._save_labels()
        self.applied.emit()
        return ok

    # Slots

    def _on_default_font_check_toggled(self, checked: bool) -> None:
        self.font_combo.setEnabled(not checked)

    def _on_open_recent_button_clicked(self, *_args: object) -> None:
        item = self.recent_list.currentItem()
        if item is not None:
            self.library_requested.emit(Path(item.text()))
            self.accept()

    def _on_open_button_clicked(self) -> None:
        name = messages.open_folder(self, "Open a Library", str(self._archive.path.parent))
        if name:
            self.library_requested.emit(Path(name))
            self.accept()

    def _on_new_button_clicked(self) -> None:
        name = messages.save_file(self, "New Library Folder", str(Path.home() / "Research library"))
        if name:
            self.library_requested.emit(Path(name))
            self.accept()

    def _on_add_label_button_clicked(self) -> None:
        row = self.labels_table.rowCount()
        self._add_label_row("New label", "#ffd54f", None)
        self.labels_table.setCurrentCell(row, 0)
        self.labels_table.editItem(self._cell(row, 0))

    def _on_color_button_clicked(self) -> None:
        row = self.labels_table.currentRow()
        if row >= 0:
            self._choose_color(row)

    def _on_labels_table_cell_clicked(self, row: int, column: int) -> None:
        if column == 1:
            self._choose_color(row)

    # Internals

    def _load(self) -> None:
        self.library_label.setText(f"This window shows the library in <b>{self._archive.path}</b>")
        self.recent_list.clear()
        for path in self._settings.recent_libraries:
            if path != Path(self._archive.path):
                self.recent_list.addItem(str(path))
        self.open_recent_button.setEnabled(self.recent_list.count() > 0)
        self.theme_combo.setCurrentIndex(self.theme_combo.findData(self._settings.theme))
        family = self._settings.reader_font_family
        self.default_font_check.setChecked(not family)
        self.font_combo.setEnabled(bool(family))
        if family:
            self.font_combo.setCurrentFont(QFont(family))
        self.font_size_spin.setValue(self._settings.reader_font_size)
        self.labels_table.setRowCount(0)
        for label in self._archive.annotations.labels():
            self._add_label_row(label.name, label.color, label.name)

    def _add_label_row(self, name: str, color: str, original: str | None) -> None:
        row = self.labels_table.rowCount()
        self.labels_table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(_ORIGINAL_ROLE, original)
        color_item = QTableWidgetItem(color)
        color_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        color_item.setBackground(QColor(color))
        color_item.setForeground(QColor("#000000"))
        self.labels_table.setItem(row, 0, name_item)
        self.labels_table.setItem(row, 1, color_item)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """A cell of the labels table (every row has its name and colour items)."""
        item = self.labels_table.item(row, column)
        assert item is not None
        return item

    def _choose_color(self, row: int) -> None:
        item = self._cell(row, 1)
        color = pick_color(self, item.text())
        if color:
            item.setText(color)
            item.setBackground(QColor(color))

    def label_rows(self) -> list[tuple[str, str, str | None]]:
        """(name, colour, name it had when the dialog opened or None for a new one)."""
        rows = []
        for row in range(self.labels_table.rowCount()):
            name_item = self._cell(row, 0)
            rows.append(
                (
                    name_item.text().strip(),
                    self._cell(row, 1).text(),
                    name_item.data(_ORIGINAL_ROLE),
                )
            )
        return rows

    def _save_labels(self) -> bool:
        annotations = self._archive.annotations
        current = {label.name: label for label in annotations.labels()}
        for row, (name, color, original) in enumerate(self.label_rows()):
            try:
                if original is None:
                    saved = annotations.add_label(name, color)
                else:
                    before = current.get(original)
                    if before is not None and (before.name, before.color) == (name, color):
                        continue
                    saved = annotations.edit_label(original, new_name=name, color=color)
            except ArchiveError as error:
                self.tabs.setCurrentIndex(2)
                self.labels_table.setCurrentCell(row, 0)
                messages.show_error(
                    self, "Cannot save the label", f"{error}\n\nChoose another name or colour."
                )
                return False
            self._cell(row, 0).setData(_ORIGINAL_ROLE, saved.name)
        return True
