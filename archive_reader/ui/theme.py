"""The light and dark themes of the whole application (palettes and the Fusion style)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style."""
    palette = QPalette()
    role = QPalette.ColorRole
    colors = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f1f1f",
        role.AlternateBase: "#262626",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#f0f0f0",
        role.Text: "#e6e6e6",
        role.Button: "#333333",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Highlight: "#3d6fa8",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
        role.PlaceholderText: "#8c8c8c",
        role.Mid: "#4a4a4a",
        role.Dark: "#a0a0a0",
    }
    for color_role, color in colors.items():
        palette.setColor(color_role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for color_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(disabled, color_role, QColor("#777777"))
    return palette


_SYSTEM_STYLE: list[str] = []


def apply_theme(theme: str) -> None:
    """Applies "system", "light" or "dark" to the whole application.

    The window's looks are set in code with palette roles, not with an
    application style sheet: with one, widgets polished before a theme change
    (the reader's page among them) keep the palette they had.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _SYSTEM_STYLE:
        _SYSTEM_STYLE.append(app.style().name())
    if theme == "dark":
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    else:
        app.setStyle(_SYSTEM_STYLE[0])
        app.setPalette(app.style().standardPalette())
