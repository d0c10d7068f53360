"""FindBar: find in the article shown by a text view, with next, previous and a match count."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

MAX_MATCHES = 5000
"""Matches counted and marked at most; a one-letter search of a book stops there."""


class FindBar(QWidget):
    """A bar that finds text in ``editor``'s document.

    Every match is kept in :attr:`matches` for the editor to mark; the current
    one is selected in the editor and scrolled into view. Case is ignored
    unless "Aa" is on. Enter finds the next match, Shift+Enter the previous
    one, Escape closes the bar.

    Signals:
        matches_changed(): The matches or the current match changed.
        closed(): The bar was closed (its matches are cleared).
    """

    matches_changed = Signal()
    closed = Signal()

    TYPING_DELAY_MS = 120

    def __init__(self, editor: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.matches: list[QTextCursor] = []
        self.current = -1
        self._build_ui()
        self._connect_signals()
        self.hide()

    def _build_ui(self) -> None:
        self.setObjectName("findBar")
        self.setAutoFillBackground(True)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.case_button = QToolButton()
        self.case_button.setText("Aa")
        self.case_button.setCheckable(True)
        self.case_button.setToolTip("Match case")
        native = QKeySequence.SequenceFormat.NativeText
        self.previous_button = QToolButton()
        self.previous_button.setText("▲")
        self.previous_button.setToolTip(
            f"Previous match ({QKeySequence('Shift+F3').toString(native)})"
        )
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip(f"Next match ({QKeySequence('F3').toString(native)})")
        self.count_label = QLabel()
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(90)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(self.TYPING_DELAY_MS)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.case_button)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addWidget(self.close_button)
        self.setFocusProxy(self.edit)

    def _connect_signals(self) -> None:
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.returnPressed.connect(self.find_next)
        self._typing_timer.timeout.connect(self._on_typing_timer_timeout)
        self.case_button.toggled.connect(self._on_case_button_toggled)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)

    # Public API

    @property
    def text(self) -> str:
        return self.edit.text()

    def open(self) -> None:
        """Shows the bar, text selected; a short selection in the editor becomes its text."""
        selected = self._editor.textCursor().selectedText()
        if selected and len(selected) <= 80 and "\u2029" not in selected:
            self.edit.blockSignals(True)
            self.edit.setText(selected)
            self.edit.blockSignals(False)
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.refresh(keep_position=True)

    def close_bar(self) -> None:
        """Hides the bar, forgets its matches and gives the focus back to the editor."""
        self._typing_timer.stop()
        was_visible = self.isVisible()
        self.hide()
        self._set_matches([], -1)
        self.count_label.clear()
        if was_visible:
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self.closed.emit()

    def refresh(self, keep_position: bool = True) -> None:
        """Finds every match again (after typing, or after the document was reloaded).

        Args:
            keep_position: Make the match at or after the editor's cursor the
                current one (else the first match).
        """
        self._typing_timer.stop()
        needle = self.edit.text()
        if not needle or not self.isVisible():
            self._set_matches([], -1)
            return
        found = self._find_all(needle)
        current = 0 if found else -1
        if found and keep_position:
            anchor = self._editor.textCursor().selectionStart()
            current = next((i for i, m in enumerate(found) if m.selectionStart() >= anchor), 0)
        self._set_matches(found, current)
        self._show_current()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    # Qt overrides

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            event.accept()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
            event.accept()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawLine(0, 0, self.width(), 0)

    # Internals

    def _find_all(self, needle: str) -> list[QTextCursor]:
        document = self._editor.document()
        flags = QTextDocument.FindFlag(0)
        if self.case_button.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        found: list[QTextCursor] = []
        cursor = QTextCursor(document)
        while len(found) < MAX_MATCHES:
            cursor = document.find(needle, cursor, flags)
            if cursor.isNull():
                break
            found.append(QTextCursor(cursor))
        return found

    def _step(self, direction: int) -> None:
        if not self.isVisible():
            return
        if self._typing_timer.isActive() or (self.edit.text() and not self.matches):
            self.refresh(keep_position=True)
            if direction > 0:
                return  # the first match after the cursor is the next one
        if not self.matches:
            return
        self._set_matches(self.matches, (self.current + direction) % len(self.matches))
        self._show_current()

    def _set_matches(self, matches: list[QTextCursor], current: int) -> None:
        self.matches = matches
        self.current = current
        self._update_count()
        self.matches_changed.emit()

    def _show_current(self) -> None:
        if 0 <= self.current < len(self.matches):
            self._editor.setTextCursor(self.matches[self.current])
            self._editor.ensureCursorVisible()

    def _update_count(self) -> None:
        has_text = bool(self.edit.text())
        if not has_text:
            text = ""
        elif not self.matches:
            text = "No matches"
        elif len(self.matches) >= MAX_MATCHES:
            text = f"{self.current + 1} of {MAX_MATCHES}+"
        else:
            text = f"{self.current + 1} of {len(self.matches)}"
        self.count_label.setText(text)
        self.edit.setProperty("notFound", has_text and not self.matches)
        self.previous_button.setEnabled(bool(self.matches))
        self.next_button.setEnabled(bool(self.matches))

    def _on_edit_text_changed(self, _text: str) -> None:
        self._typing_timer.start()

    def _on_typing_timer_timeout(self) -> None:
        self.refresh(keep_position=True)

    def _on_case_button_toggled(self, _checked: bool) -> None:
        self.refresh(keep_position=True)
