"""The one helper for message boxes and small questions, so that tests can patch it."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
    """Shows an error message; ``details`` goes under a "Show Details…" button."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """Shows an informational message."""
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, action: str = "OK") -> bool:
    """Asks before something that cannot be taken back; True when the user agrees."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Asks for a line of text; None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def ask_note(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Asks for a note of one or more paragraphs; None when cancelled."""
    value, ok = QInputDialog.getMultiLineText(parent, title, label, text)
    return value.strip() if ok else None


def open_files(parent: QWidget | None, title: str, start: str, filter: str) -> list[str]:
    """Asks for files to read; [] when cancelled."""
    names, _chosen = QFileDialog.getOpenFileNames(parent, title, start, filter)
    return list(names)


def open_folder(parent: QWidget | None, title: str, start: str) -> str:
    """Asks for a folder; "" when cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, start)


def save_file(parent: QWidget | None, title: str, start: str, filter: str = "") -> str:
    """Asks where to write a file; "" when cancelled."""
    name, _chosen = QFileDialog.getSaveFileName(parent, title, start, filter)
    return name
