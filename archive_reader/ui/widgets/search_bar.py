"""SearchBar: the search box, and the ? button that shows the query syntax."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from archive_reader.ui.widgets.search_help import SearchHelpPopup


class SearchBar(QWidget):
    """The search box above the lists (what is typed runs as a search) and its help."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.box = QLineEdit()
        self.box.setPlaceholderText('Search — words, "phrases", title:…, date:2024 (F1: syntax)')
        self.box.setToolTip("Search the library as you type (Ctrl+L); F1 shows the syntax")
        self.box.setClearButtonEnabled(True)
        self.box.setAcceptDrops(False)  # dropped files import; they are not text
        self._help_button = QToolButton()
        self._help_button.setText("?")
        self._help_button.setToolTip("Search syntax (F1)")
        self._help_button.setAutoRaise(True)
        self.help_popup = SearchHelpPopup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 1)
        row.addWidget(self._help_button)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self._help_button.clicked.connect(self.show_help)

    def focus_box(self) -> None:
        """Puts the focus in the box, its text selected (to type over)."""
        self.box.setFocus()
        self.box.selectAll()

    def show_help(self) -> None:
        """Shows the query syntax below the box."""
        self.help_popup.show_below(self.box)
