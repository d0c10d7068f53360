"""ArticleLists: the middle pane: the article list, the search results or the empty state."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QStackedWidget, QWidget

from archive_reader.ui.models.articles import ArticleTableModel, SearchResultModel
from archive_reader.ui.widgets.article_table import ArticleTable
from archive_reader.ui.widgets.search_panel import SearchPanel

EMPTY_HINT = (
    "No articles yet — File ▸ Import… or drop saved pages here.\n\n"
    "Saved pages (.html, .mhtml, .warc, “Web page, complete”) are read offline.\n"
    "To try the program on sample pages, start it with: archive-reader --demo"
)
_LIST_PAGE, _RESULTS_PAGE, _EMPTY_PAGE = range(3)


def _empty_hint_html() -> str:
    """EMPTY_HINT for a label: the command on one line, however narrow the list."""
    text = html.escape(EMPTY_HINT).replace("\n", "<br>")
    # Qt's rich text breaks lines at hyphens even inside <nobr>: non-breaking ones.
    return text.replace("archive-reader --demo", "archive&#8209;reader&nbsp;&#8209;&#8209;demo")


class ArticleLists(QStackedWidget):
    """One of three pages: the article list, the search results, or how to start (no article).

    Selection goes through here, so that "the list" is whichever of the two
    lists is shown.
    """

    def __init__(
        self, article_table: ArticleTable, search_panel: SearchPanel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._table = article_table
        self._articles = article_table.article_model
        self._results = search_panel.result_list
        self._hits = search_panel.result_model
        self.empty_label = QLabel(_empty_hint_html())
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setContentsMargins(24, 24, 24, 24)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_label.setFont(font)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.insertWidget(_LIST_PAGE, article_table)
        self.insertWidget(_RESULTS_PAGE, search_panel)
        self.insertWidget(_EMPTY_PAGE, self.empty_label)

    @property
    def results_shown(self) -> bool:
        """Whether the search results are shown (else the article list or the empty state)."""
        return self.currentIndex() == _RESULTS_PAGE

    def show_results(self) -> None:
        self.setCurrentIndex(_RESULTS_PAGE)

    def show_list(self, library_empty: bool) -> None:
        """The article list, or how to import the first articles."""
        self.setCurrentIndex(_EMPTY_PAGE if library_empty else _LIST_PAGE)

    def view(self) -> tuple[QAbstractItemView, ArticleTableModel | SearchResultModel]:
        """The list shown (articles or search results) and its model."""
        if self.results_shown:
            return self._results, self._hits
        return self._table, self._articles

    def view_of_articles(self) -> QAbstractItemView:
        return self._table

    def view_of_results(self) -> QAbstractItemView:
        return self._results

    def focus_list(self) -> None:
        self.view()[0].setFocus()

    def selected_article_ids(self) -> list[int]:
        """The articles selected in the list (or the current search hit)."""
        if self.results_shown:
            hits = {i.row() for i in self._results.selectionModel().selectedRows()}
            return [self._hits.hit(r).article_id for r in sorted(hits)]
        rows = [i.row() for i in self._table.selectionModel().selectedRows()]
        return self._articles.article_ids(rows)

    def mark(self, article_id: int) -> bool:
        """Makes the article the current row of the list, without telling; False if not in it."""
        view, model = self.view()
        row = model.row_of(article_id)
        if row is None:
            return False
        selection = view.selectionModel()
        selection.blockSignals(True)
        _select_row(view, row)
        selection.blockSignals(False)
        view.viewport().update()
        return True

    def step(self, step: int) -> None:
        """Opens the next (1) or previous (-1) article of the list."""
        view, model = self.view()
        count = model.rowCount()
        if not count:
            return
        current = view.currentIndex().row()
        row = max(0, min(count - 1, (current if current >= 0 else -step) + step))
        _select_row(view, row)
        view.scrollTo(view.model().index(row, 0))

    def select_first_article(self) -> None:
        _select_row(self._table, 0)

    def enter_results(self) -> bool:
        """Moves the focus to the search results (opening the first); False when none is shown."""
        if not self.results_shown or not self._hits.rowCount():
            return False
        self._results.setFocus()
        if not self._results.currentIndex().isValid():
            _select_row(self._results, 0)
        return True


class KeyboardPath(QObject):
    """The keyboard path search box -> results -> reader (an event filter on the three).

    Down (or Page Down) in the search box goes to the results and opens the
    first; Up on the first result goes back to the box; Enter on a result or an
    article of the list moves to the reader, when it shows an article.

    Signals:
        reader_entered(): Enter was pressed on a list: the reader takes the focus.
    """

    reader_entered = Signal()

    def __init__(
        self,
        search_box: QLineEdit,
        lists: ArticleLists,
        reading: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._box = search_box
        self._lists = lists
        self._reading = reading
        self._results = lists.view_of_results()
        self._table = lists.view_of_articles()
        for widget in (search_box, self._results, self._table):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self._box and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            if self._lists.enter_results():
                return True
        elif watched is self._results and key == Qt.Key.Key_Up:
            if self._results.currentIndex().row() <= 0:
                self._box.setFocus()
                return True
        elif (
            watched in (self._results, self._table)
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._reading()
        ):
            self.reader_entered.emit()
            return True
        return super().eventFilter(watched, event)


def _select_row(view: QAbstractItemView, row: int) -> None:
    """Makes ``row`` of ``view`` the current and only selected one."""
    view.selectionModel().setCurrentIndex(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
