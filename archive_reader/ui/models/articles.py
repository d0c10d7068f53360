"""Table models over the core's ArticleSummary rows and SearchHit results."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from archive_reader.core.models import ArticleSummary, SearchHit

ArticleRole = Qt.ItemDataRole.UserRole + 1
"""The ArticleSummary of a row (ArticleTableModel) or the SearchHit (SearchResultModel)."""
SortKeyRole = Qt.ItemDataRole.UserRole + 2
"""A value that sorts the column's cells the way a reader expects."""

_Index = QModelIndex | QPersistentModelIndex


class ArticleSource(Protocol):
    """What the article model needs from an Archive."""

    def list_articles(
        self, offset: int = 0, limit: int | None = None, order: str = "imported"
    ) -> list[ArticleSummary]: ...

    def count(self) -> int: ...


def _date(value: str | None) -> str:
    """The date part of an ISO timestamp ("2024-03-01T10:00:00" -> "2024-03-01")."""
    return (value or "")[:10]


def _timestamp(value: str | None) -> str:
    """An ISO timestamp to minutes, for display ("2024-03-01 10:00")."""
    return (value or "").replace("T", " ")[:16]


class ArticleTableModel(QAbstractTableModel):
    """The library's articles, fetched lazily in pages as the view scrolls.

    Only ``page_size`` rows are read at a time, so a library of 100,000 articles
    never loads at once. Sort through a QSortFilterProxyModel on SortKeyRole; note
    that it sorts only the rows fetched so far. At scale the sort must move into
    the query (``list_articles(order=...)``) with the model reloading on a header click.
    """

    TITLE, SITE, AUTHOR, PUBLISHED, IMPORTED = range(5)
    _HEADERS = ("Title", "Site", "Author", "Published", "Imported")

    def __init__(self, source: ArticleSource, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._page_size = page_size
        self._rows: list[ArticleSummary] = []
        self._total = 0

    @property
    def total(self) -> int:
        """The number of articles in the library at the last reload."""
        return self._total

    def reload(self) -> None:
        """Forgets all rows, re-counts the library and fetches the first page."""
        self.beginResetModel()
        self._rows = []
        self._total = self._source.count()
        self.endResetModel()
        if self.canFetchMore():
            self.fetchMore()

    def summary(self, row: int) -> ArticleSummary:
        return self._rows[row]

    def row_of(self, article_id: int) -> int | None:
        """The row of an already fetched article, or None."""
        for row, summary in enumerate(self._rows):
            if summary.id == article_id:
                return row
        return None

    # Qt overrides

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        page = self._source.list_articles(offset=start, limit=self._page_size)
        if not page:
            # Articles were deleted since the count: stop asking for more.
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == ArticleRole:
            return summary
        if role == SortKeyRole:
            return self._sort_key(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.IMPORTED:
                return f"Imported {_timestamp(summary.imported_at)}"
            return "\n".join(filter(None, [summary.title, summary.url]))
        return None

    @classmethod
    def _display(cls, summary: ArticleSummary, column: int) -> str:
        if column == cls.TITLE:
            return summary.title or "(untitled)"
        if column == cls.SITE:
            return summary.site_name or ""
        if column == cls.AUTHOR:
            return summary.author or ""
        if column == cls.PUBLISHED:
            return _date(summary.published)
        return _date(summary.imported_at)

    @classmethod
    def _sort_key(cls, summary: ArticleSummary, column: int) -> str:
        if column == cls.TITLE:
            return summary.title.casefold()
        if column == cls.SITE:
            return (summary.site_name or "").casefold()
        if column == cls.AUTHOR:
            return (summary.author or "").casefold()
        if column == cls.PUBLISHED:
            return summary.published or ""
        return summary.imported_at


class ArticleSortProxy(QSortFilterProxyModel):
    """Sorts an ArticleTableModel (or SearchResultModel) by its SortKeyRole."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortKeyRole)


class SearchResultModel(QAbstractTableModel):
    """The hits of one search, best first; column 0's ArticleRole is the SearchHit."""

    TITLE, SITE, PUBLISHED, SNIPPET = range(4)
    _HEADERS = ("Title", "Site", "Published", "Snippet")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._query = ""

    @property
    def query(self) -> str:
        return self._query

    def set_hits(self, query: str, hits: list[SearchHit]) -> None:
        """Replaces the results with those of ``query``."""
        self.beginResetModel()
        self._query = query
        self._hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits("", [])

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == ArticleRole:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return hit.title or "(untitled)"
            if column == self.SITE:
                return hit.site_name or ""
            if column == self.PUBLISHED:
                return _date(hit.published)
            return hit.snippet
        if role == SortKeyRole:
            if column == self.TITLE:
                return hit.title.casefold()
            if column == self.SITE:
                return (hit.site_name or "").casefold()
            if column == self.PUBLISHED:
                return hit.published or ""
            return -hit.score
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(filter(None, [hit.title, hit.url]))
        return None
