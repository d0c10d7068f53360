"""The one helper for message boxes, so that tests can patch it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
    """Shows an error message; ``details`` goes under a "Show Details…" button."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """Shows an informational message."""
    QMessageBox.information(parent, title, text)
