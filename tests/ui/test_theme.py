"""The light and dark themes."""

from archive_reader.ui import theme


def test_themes_change_the_palette_of_existing_widgets(qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    qtbot.addWidget(view)
    try:
        theme.apply_theme("dark")
        qtbot.wait(1)
        assert view.palette().color(QPalette.ColorRole.Base).name() == "#1f1f1f"
        theme.apply_theme("light")
        qtbot.wait(1)
        assert view.palette().color(QPalette.ColorRole.Base).lightness() > 200
    finally:
        theme.apply_theme("system")
