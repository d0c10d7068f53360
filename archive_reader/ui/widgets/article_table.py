"""ArticleTable: the library's article list (columns, their widths, the sort indicator)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QMenu, QTableView, QWidget

from archive_reader.ui.models.articles import ArticleTableModel

NARROWEST_COLUMN = 56
"""The site, author and tags columns of a narrow list are not made narrower."""
COLUMN_WIDTHS = {
    ArticleTableModel.SITE: 110,
    ArticleTableModel.AUTHOR: 100,
    ArticleTableModel.PUBLISHED: 86,
    ArticleTableModel.IMPORTED: 86,
    ArticleTableModel.TAGS: 90,
    ArticleTableModel.NOTES: 48,
}
"""The article list's columns at first (the title takes the rest)."""


class ArticleTable(QTableView):
    """The article list: newest first, rows selected whole, columns shown or hidden by the user.

    Right-click on the header hides or shows columns; the titles keep at least
    ~40% of a narrow list. Sorting on a column the database cannot order by
    (tags, notes) leaves the indicator on the last order.
    """

    def __init__(self, model: ArticleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.column_actions: list[QAction] = []
        self.context_actions: list[QAction | None] = []
        """The row's context menu (None: a separator)."""
        self._build_ui()
        self._connect_signals()

    @property
    def article_model(self) -> ArticleTableModel:
        return self._model

    def _build_ui(self) -> None:
        self.setObjectName("articleTable")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setModel(self._model)
        # The indicator first: enabling sorting sorts by it at once, and on the
        # title (the default) that is a whole-library sort before the real one.
        self.horizontalHeader().setSortIndicator(
            ArticleTableModel.IMPORTED, Qt.SortOrder.DescendingOrder
        )
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(36)
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.setColumnHidden(ArticleTableModel.AUTHOR, True)
        self.setColumnHidden(ArticleTableModel.IMPORTED, True)
        # Right-click on the header hides or shows columns.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for column in range(1, self._model.columnCount()):
            name = self._model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(f"Show {name}", header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.setData(column)
            header.addAction(action)
            self.column_actions.append(action)

    def _connect_signals(self) -> None:
        self.horizontalHeader().sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        for action in self.column_actions:
            action.toggled.connect(self._on_column_action_toggled)
        self.customContextMenuRequested.connect(self._on_self_custom_context_menu_requested)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Fitted before the view lays itself out, as the window's event filter used to.
        self.fit_columns(event.size().width())
        super().resizeEvent(event)

    def fit_columns(self, width: int) -> None:
        """Keeps at least ~40% of a narrow list (``width`` pixels) for the titles.

        The site, author and tags columns give up width first (down to a
        minimum); in a wide list they keep the widths the user gave them.
        """
        header = self.horizontalHeader()
        flexible = [
            column
            for column in (ArticleTableModel.SITE, ArticleTableModel.AUTHOR, ArticleTableModel.TAGS)
            if not header.isSectionHidden(column)
        ]
        fixed = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != ArticleTableModel.TITLE
            and column not in flexible
            and not header.isSectionHidden(column)
        )
        room = max(width * 0.6 - fixed, 0)  # what the flexible columns may take
        taken = sum(header.sectionSize(column) for column in flexible)
        if not flexible:
            return
        if taken > room:
            for column in flexible:
                share = header.sectionSize(column) * room / taken
                header.resizeSection(column, max(NARROWEST_COLUMN, round(share)))
            return
        # Widening again: back towards the first widths (wider ones stay).
        wanted = sum(max(COLUMN_WIDTHS[c], header.sectionSize(c)) for c in flexible)
        for column in flexible:
            first = max(COLUMN_WIDTHS[column], header.sectionSize(column))
            header.resizeSection(column, round(first * min(1.0, room / wanted)))

    def _on_header_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in ArticleTableModel.ORDERS:
            # Tags and notes have no order in the database: keep the indicator on the last one.
            order, descending = self._model.order
            current = next(c for c, o in ArticleTableModel.ORDERS.items() if o == order)
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                current, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            )
            header.blockSignals(False)

    def _on_column_action_toggled(self, checked: bool) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.setColumnHidden(action.data(), not checked)

    def _on_self_custom_context_menu_requested(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.popup(self.viewport().mapToGlobal(position))
