"""Table models over the core's ArticleSummary rows and SearchHit results."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from archive_reader.core.errors import ArchiveError
from archive_reader.core.models import ArticleFilter, ArticleSummary, SearchHit
from archive_reader.ui.workers import Worker

ArticleRole = Qt.ItemDataRole.UserRole + 1
"""The ArticleSummary of a row (ArticleTableModel) or the SearchHit (SearchResultModel)."""
SortKeyRole = Qt.ItemDataRole.UserRole + 2
"""A value that sorts the column's cells the way a reader expects."""

_Index = QModelIndex | QPersistentModelIndex

LOADING = "…"
"""What a cell shows while its page is being read."""


class ArticleSource(Protocol):
    """What the article model needs from an Archive."""

    def list_articles(
        self,
        offset: int = 0,
        limit: int | None = None,
        order: str = "imported",
        descending: bool | None = None,
        filter: ArticleFilter | None = None,
    ) -> list[ArticleSummary]: ...

    def count_articles(self, filter: ArticleFilter | None = None) -> int: ...


JobRunner = Callable[[Worker], None]
"""Starts a Worker: on the thread pool in the app, synchronously (``worker.run``) in tests."""


def start_on_pool(worker: Worker) -> None:
    worker.start()


def _date(value: str | None) -> str:
    """The date part of an ISO timestamp ("2024-03-01T10:00:00" -> "2024-03-01")."""
    return (value or "")[:10]


def _timestamp(value: str | None) -> str:
    """An ISO timestamp to minutes, for display ("2024-03-01 10:00")."""
    return (value or "").replace("T", " ")[:16]


def _count_and_page(
    source: ArticleSource,
    generation: int,
    limit: int,
    order: str,
    descending: bool | None,
    filter: ArticleFilter | None,
) -> tuple[int, int, list[ArticleSummary]]:
    total = source.count_articles(filter)
    rows = source.list_articles(0, limit, order, descending, filter) if total else []
    return generation, total, rows


def _page(
    source: ArticleSource,
    generation: int,
    page: int,
    limit: int,
    order: str,
    descending: bool | None,
    filter: ArticleFilter | None,
) -> tuple[int, int, list[ArticleSummary]]:
    return generation, page, source.list_articles(page * limit, limit, order, descending, filter)


class ArticleTableModel(QAbstractTableModel):
    """The library's articles: sorted and filtered by the database, read page by page.

    ``rowCount`` is the number of articles the filter keeps, but only the pages
    of rows the view asks for are read (on a Worker, so a slow sort never stalls
    the window); a cell of a page not read yet shows ``LOADING`` until it comes.
    At most ``max_pages`` pages are kept (the least recently shown are dropped),
    so a library of 100,000 articles never loads at once.

    Sorting (``sort``, called by the view's header) and filtering
    (``set_filter``) go to ``Archive.list_articles``; the Tags and Notes columns
    cannot be sorted (the database has no order for them).

    Signals:
        loaded(int): A reload finished; the number of rows.
        page_loaded(int): A page of rows arrived (its number).
    """

    loaded = Signal(int)
    page_loaded = Signal(int)

    TITLE, SITE, AUTHOR, PUBLISHED, IMPORTED, TAGS, NOTES = range(7)
    _HEADERS = ("Title", "Site", "Author", "Published", "Imported", "Tags", "Notes")
    ORDERS = {
        TITLE: "title",
        SITE: "site",
        AUTHOR: "author",
        PUBLISHED: "published",
        IMPORTED: "imported",
    }
    """The list order of each sortable column."""
    _QUEUE = 6
    """Pages waiting to be read beyond this many are forgotten (the view scrolled past)."""

    def __init__(
        self,
        source: ArticleSource,
        page_size: int = 200,
        parent: QObject | None = None,
        run: JobRunner = start_on_pool,
        max_pages: int = 50,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._page_size = page_size
        self._run = run
        self._max_pages = max_pages
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._total = 0
        self._order = "imported"
        self._descending: bool | None = True
        self._filter = ArticleFilter()
        self._generation = 0
        self._queue: list[int] = []
        self._reading: int | None = None
        self._reloading = False
        self._stopped = False
        self._workers: set[Worker] = set()

    # Public API

    @property
    def total(self) -> int:
        """The number of articles the list shows (as of the last reload)."""
        return self._total

    @property
    def order(self) -> tuple[str, bool | None]:
        return self._order, self._descending

    @property
    def filter(self) -> ArticleFilter:
        return self._filter

    @property
    def busy(self) -> bool:
        """Whether a reload or a page is being read."""
        return self._reloading or self._reading is not None

    def set_source(self, source: ArticleSource) -> None:
        """Reads another library (after File ▸ Open Library); call reload() next."""
        self._source = source

    def set_filter(self, filter: ArticleFilter | None) -> None:
        """Shows only the articles ``filter`` keeps (all for None), from the top."""
        self._filter = filter or ArticleFilter()
        self.reload()

    def set_order(self, order: str, descending: bool | None = None) -> None:
        """Sorts by an order of ``Archive.list_articles`` and reloads."""
        self._order = order
        self._descending = descending
        self.reload()

    def stop(self) -> None:
        """Reads nothing more and ignores what is still being read (the library closes)."""
        self._stopped = True
        self._generation += 1
        self._queue.clear()

    def reload(self) -> None:
        """Counts and reads the first page again (in the background); then resets."""
        if self._stopped:
            return
        self._generation += 1
        self._queue.clear()
        self._reloading = True
        worker = Worker(
            _count_and_page,
            self._source,
            self._generation,
            self._page_size,
            self._order,
            self._descending,
            replace(self._filter),
        )
        worker.signals.finished.connect(self._on_reload_worker_finished)
        worker.signals.failed.connect(self._on_worker_failed)
        self._start(worker)

    def refresh(self) -> None:
        """After an edit: reads the shown rows again without moving the view."""
        self.reload()

    def summary(self, row: int) -> ArticleSummary | None:
        """The row's article, or None while its page has not been read."""
        page = self._pages.get(row // self._page_size)
        if page is None:
            return None
        offset = row % self._page_size
        return page[offset] if offset < len(page) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an article in a page already read, or None."""
        for number, page in self._pages.items():
            for offset, summary in enumerate(page):
                if summary.id == article_id:
                    return number * self._page_size + offset
        return None

    def article_ids(self, rows: list[int]) -> list[int]:
        """The article ids of rows, reading the pages not read yet (for bulk actions).

        This reads on the calling thread; it is meant for a user's explicit
        action on a selection, not for painting.
        """
        ids = []
        for row in sorted(rows):
            summary = self.summary(row)
            if summary is None:
                number = row // self._page_size
                page = self._source.list_articles(
                    number * self._page_size,
                    self._page_size,
                    self._order,
                    self._descending,
                    self._filter,
                )
                self._store(number, page)
                summary = self.summary(row)
            if summary is not None:
                ids.append(summary.id)
        return ids

    # Qt overrides

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in self.ORDERS:
                return f"Sort by {self._HEADERS[section].lower()} (click again to reverse)"
            return f"{self._HEADERS[section]} (this column cannot be sorted)"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.ORDERS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._order, self._descending):
            self.set_order(key, descending)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._request(number)
                return LOADING if index.column() == self.TITLE else ""
            return None
        self._pages.move_to_end(number)
        offset = row % self._page_size
        if offset >= len(page):
            return None  # articles were deleted since the count
        summary = page[offset]
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
            if column == self.NOTES:
                return f"{summary.notes} highlights and notes" if summary.notes else None
            return "\n".join(filter(None, [summary.title, summary.site_name, summary.url]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NOTES:
            return Qt.AlignmentFlag.AlignCenter
        return None

    # Slots

    def _on_reload_worker_finished(self, result: tuple[int, int, list[ArticleSummary]]) -> None:
        self._workers.discard(self._sender_worker())
        generation, total, rows = result
        if generation != self._generation:
            return
        self._reloading = False
        self.beginResetModel()
        self._pages.clear()
        self._total = total
        if rows:
            self._pages[0] = rows
        self.endResetModel()
        self.loaded.emit(total)
        self._next()

    def _on_page_worker_finished(self, result: tuple[int, int, list[ArticleSummary]]) -> None:
        self._workers.discard(self._sender_worker())
        generation, number, rows = result
        self._reading = None
        if generation == self._generation:
            self._store(number, rows)
            first = number * self._page_size
            last = min(first + self._page_size, self._total) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )
            self.page_loaded.emit(number)
        self._next()

    def _on_worker_failed(self, error: BaseException) -> None:
        self._workers.discard(self._sender_worker())
        self._reading = None
        self._reloading = False
        if not isinstance(error, ArchiveError):
            raise error  # a bug: to the crash handler
        # A user error (library gone): show an empty list rather than a stale one.
        self.beginResetModel()
        self._pages.clear()
        self._total = 0
        self.endResetModel()
        self.loaded.emit(0)

    # Internals

    def _sender_worker(self) -> Worker | None:
        signals = self.sender()
        return next((w for w in self._workers if w.signals is signals), None)

    def _start(self, worker: Worker) -> None:
        self._workers.add(worker)  # kept alive until its signal is delivered
        self._run(worker)

    def _store(self, number: int, rows: list[ArticleSummary]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)

    def _request(self, number: int) -> None:
        if number == self._reading or self._reloading or self._stopped:
            return
        if number in self._queue:
            self._queue.remove(number)
        self._queue.append(number)
        del self._queue[: -self._QUEUE]
        if self._reading is None:
            self._next()

    def _next(self) -> None:
        """Reads the most recently wanted page that is still missing."""
        while self._queue and self._reading is None and not self._reloading:
            number = self._queue.pop()
            if number in self._pages:
                continue
            self._reading = number
            worker = Worker(
                _page,
                self._source,
                self._generation,
                number,
                self._page_size,
                self._order,
                self._descending,
                replace(self._filter),
            )
            worker.signals.finished.connect(self._on_page_worker_finished)
            worker.signals.failed.connect(self._on_worker_failed)
            self._start(worker)

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
        if column == cls.IMPORTED:
            return _date(summary.imported_at)
        if column == cls.TAGS:
            return ", ".join(summary.tags)
        return str(summary.notes) if summary.notes else ""

    @classmethod
    def _sort_key(cls, summary: ArticleSummary, column: int) -> object:
        if column == cls.TITLE:
            return summary.title.casefold()
        if column == cls.SITE:
            return (summary.site_name or "").casefold()
        if column == cls.AUTHOR:
            return (summary.author or "").casefold()
        if column == cls.PUBLISHED:
            return summary.published or ""
        if column == cls.TAGS:
            return ", ".join(summary.tags).casefold()
        if column == cls.NOTES:
            return summary.notes
        return summary.imported_at


class ArticleSortProxy(QSortFilterProxyModel):
    """Sorts a small model (search results) by its SortKeyRole; not for the article list."""

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

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

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

    def row_of(self, article_id: int) -> int | None:
        return next((r for r, h in enumerate(self._hits) if h.article_id == article_id), None)

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
            partial = "" if hit.exact else "Has some of the words of the query, not all."
            return "\n".join(filter(None, [hit.title, hit.url, partial]))
        if role == Qt.ItemDataRole.ForegroundRole and not hit.exact:
            return QBrush(QColor(128, 128, 128))
        if role == Qt.ItemDataRole.FontRole and not hit.exact:
            font = QFont()
            font.setItalic(True)
            return font
        return None
