"""EntityPickerDialog: which entity a selected passage names, an existing one or a new one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.entities.models import Entity
from archive_reader.core.search.analysis import fold


class EntityPickerDialog(QDialog):
    """Asks whether a selection names an entity of the catalogue or a new one.

    An existing entity is found by typing any of its names (the completer
    offers names and aliases anywhere in them); the selection then becomes one
    more name of it. A new entity is named by the selection and gets a type.
    After ``accept()``, :meth:`entity_id` and :meth:`entity_type` say which.
    """

    def __init__(
        self,
        selected_text: str,
        entities: list[Entity],
        types: list[str],
        parent: QWidget | None = None,
        default_type: str = "",
    ) -> None:
        super().__init__(parent)
        self._default_type = default_type
        self._selected = " ".join(selected_text.split())
        self._entities = {entity.id: entity for entity in entities}
        self._by_label: dict[str, int] = {}
        self._by_name: dict[str, set[int]] = {}
        for entity in entities:
            self._by_label[_label(entity)] = entity.id
            for alias in entity.aliases or []:
                self._by_name.setdefault(fold(alias.text), set()).add(entity.id)
                if alias.text != entity.name:
                    self._by_label[f"{alias.text} — {_label(entity)}"] = entity.id
            self._by_name.setdefault(fold(entity.name), set()).add(entity.id)
        self._types = types
        self._build_ui()
        self._connect_signals()
        self._choose_start()

    def _build_ui(self) -> None:
        self.setWindowTitle("Tag as Entity")
        self.setMinimumWidth(440)
        shown = self._selected if len(self._selected) <= 80 else self._selected[:79] + "…"
        heading = QLabel(f"Tag “{shown}” as:")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)

        self.existing_radio = QRadioButton("A name of an &existing entity:")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Type a name or an alias")
        self.name_edit.setClearButtonEnabled(True)
        self._completer_model = QStringListModel(sorted(self._by_label, key=str.casefold), self)
        completer = QCompleter(self._completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.name_edit.setCompleter(completer)
        self.match_label = QLabel()
        self.match_label.setObjectName("entityMatch")
        self.match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.match_label.setWordWrap(True)

        self.new_radio = QRadioButton("A &new entity of type:")
        self.type_combo = QComboBox()
        self.type_combo.addItems(self._types)
        if self._default_type in self._types:  # the type chosen last time
            self.type_combo.setCurrentText(self._default_type)
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.existing_radio)
        self._mode.addButton(self.new_radio)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tag")

        grid = QGridLayout()
        grid.setColumnMinimumWidth(0, 18)
        grid.addWidget(self.existing_radio, 0, 0, 1, 2)
        grid.addWidget(self.name_edit, 1, 1)
        grid.addWidget(self.match_label, 2, 1)
        grid.addWidget(self.new_radio, 3, 0, 1, 2)
        grid.addWidget(self.type_combo, 4, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.type_combo.activated.connect(self._on_type_combo_activated)
        self._mode.buttonToggled.connect(self._on_mode_button_toggled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # Public API

    @property
    def selected_text(self) -> str:
        return self._selected

    def entity_id(self) -> int | None:
        """The existing entity chosen, or None for a new one."""
        if not self.existing_radio.isChecked():
            return None
        return self._resolve(self.name_edit.text())

    def entity_type(self) -> str:
        """The type of the new entity, or "" when an existing one was chosen."""
        return self.type_combo.currentText() if self.new_radio.isChecked() else ""

    def is_valid(self) -> bool:
        if self.new_radio.isChecked():
            return bool(self.type_combo.currentText())
        return self._resolve(self.name_edit.text()) is not None

    def accept(self) -> None:
        if self.is_valid():
            super().accept()

    # Internals

    def _choose_start(self) -> None:
        """Existing when the selection already names one entity; else a new entity."""
        if self._resolve(self._selected) is not None:
            self.name_edit.setText(self._selected)
            self.existing_radio.setChecked(True)
        else:
            self.new_radio.setChecked(True)
            if not self._entities:
                self.existing_radio.setEnabled(False)
                self.name_edit.setEnabled(False)
        self._update()

    def _resolve(self, text: str) -> int | None:
        """The entity a typed text names: a completer entry, or exactly one name or alias."""
        text = text.strip()
        if text in self._by_label:
            return self._by_label[text]
        ids = self._by_name.get(fold(" ".join(text.split())), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def _update(self) -> None:
        text = self.name_edit.text().strip()
        found = self._resolve(text)
        if found is not None:
            entity = self._entities[found]
            others = entity.other_names
            also = f"; also called {', '.join(others[:4])}" if others else ""
            message = f"→ {entity.name} ({entity.type}){also}"
        elif text and len(self._by_name.get(fold(" ".join(text.split())), ())) > 1:
            message = f"Several entities are called “{text}”: pick one from the list."
        elif text:
            message = "No entity has this name."
        else:
            message = ""
        self.match_label.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.is_valid())

    def _on_name_edit_text_edited(self, _text: str) -> None:
        self.existing_radio.setChecked(True)

    def _on_name_edit_text_changed(self, _text: str) -> None:
        self._update()

    def _on_type_combo_activated(self, _index: int) -> None:
        self.new_radio.setChecked(True)

    def _on_mode_button_toggled(self, _button: QRadioButton, _checked: bool) -> None:
        self._update()


def _label(entity: Entity) -> str:
    return f"{entity.name} ({entity.type})"
