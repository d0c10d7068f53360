"""ArticleTableModel (paged, sorted and filtered by the source) and SearchResultModel."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from archive_reader.core.archive import Archive
from archive_reader.core.models import ArticleFilter, ArticleSummary, SearchHit
from archive_reader.ui.models.articles import (
    LOADING,
    ArticleRole,
    ArticleTableModel,
    SearchResultModel,
    SortKeyRole,
)


def _summary(i: int, **changes: object) -> ArticleSummary:
    summary = ArticleSummary(
        id=i,
        title=f"Article {i:05d}",
        site_name="Example" if i % 2 else "Other",
        author="A. Writer",
        published=f"2024-01-{i % 28 + 1:02d}",
        url=f"https://example.org/{i}",
        language="en",
        imported_at=f"2026-01-01T00:00:{i:05d}",
        word_count=4,
    )
    return replace(summary, **changes)


class PagedSource:
    """What the model reads from an Archive: counts and sorted, filtered pages."""

    def __init__(self, count: int) -> None:
        self.rows = [_summary(i) for i in range(1, count + 1)]
        self.calls: list[tuple[int, int | None, str, bool | None, ArticleFilter | None]] = []

    def _kept(self, filter: ArticleFilter | None) -> list[ArticleSummary]:
        if filter is None or filter.site is None:
            return list(self.rows)
        return [row for row in self.rows if row.site_name == filter.site]

    def count_articles(self, filter: ArticleFilter | None = None) -> int:
        return len(self._kept(filter))

    def list_articles(self, offset=0, limit=None, order="imported", descending=None, filter=None):
        self.calls.append((offset, limit, order, descending, filter))
        key = {"imported": "imported_at", "title": "title", "published": "published"}[order]
        rows = sorted(self._kept(filter), key=lambda r: getattr(r, key), reverse=bool(descending))
        return rows[offset : None if limit is None else offset + limit]


def _run_now(worker) -> None:
    worker.run()


def _model(source, **kwargs) -> ArticleTableModel:
    model = ArticleTableModel(source, run=_run_now, **kwargs)
    model.reload()
    return model


def test_reload_counts_and_reads_only_the_first_page(qtmodeltester):
    source = PagedSource(450)
    model = _model(source, page_size=200)

    assert model.rowCount() == 450
    assert model.total == 450
    assert [c[:2] for c in source.calls] == [(0, 200)]
    assert model.index(0, 0).data() == "Article 00450"  # newest import first
    qtmodeltester.check(model)


def test_rows_of_a_page_not_read_show_loading_then_arrive():
    source = PagedSource(450)
    model = ArticleTableModel(source, page_size=200, run=lambda worker: None)
    model.reload()
    assert model.rowCount() == 0  # nothing until the reload's worker reports

    synchronous = _model(source, page_size=200)
    assert synchronous.summary(300) is None
    assert synchronous.index(300, 0).data() == LOADING  # asks for the page
    assert synchronous.index(300, 0).data() == "Article 00150"  # which _run_now read
    assert synchronous.summary(300).id == 150


def test_only_wanted_pages_are_read_and_old_ones_are_dropped():
    source = PagedSource(1000)
    waiting = []
    model = ArticleTableModel(source, page_size=10, run=waiting.append, max_pages=3)
    model.reload()
    waiting.pop().run()
    for row in (100, 200, 300, 400, 500, 600, 700, 800, 900):
        assert model.index(row, 0).data() == LOADING
    # One read at a time; the rows scrolled past long ago are not read at all.
    waiting.pop().run()
    while waiting:
        waiting.pop().run()
    read = [offset for offset, *_ in source.calls[1:]]
    # The first wanted page is read at once, then the most recently wanted first.
    assert read == [100, 900, 800, 700, 600, 500, 400]
    assert 200 not in read
    assert len(model._pages) <= 3


def test_sort_goes_to_the_source_and_unsortable_columns_are_ignored():
    source = PagedSource(30)
    model = _model(source, page_size=10)

    model.sort(ArticleTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert model.order == ("title", False)
    assert model.index(0, 0).data() == "Article 00001"
    model.sort(ArticleTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Article 00030"
    calls = len(source.calls)
    model.sort(ArticleTableModel.TAGS, Qt.SortOrder.AscendingOrder)
    assert model.order == ("title", True)
    assert len(source.calls) == calls


def test_filter_reloads_with_the_filter():
    source = PagedSource(30)
    model = _model(source, page_size=10)

    model.set_filter(ArticleFilter(site="Other"))

    assert model.total == 15
    assert source.calls[-1][4] == ArticleFilter(site="Other")
    assert len(model.article_ids(list(range(15)))) == 15
    assert {model.summary(r).site_name for r in range(15)} == {"Other"}


def test_article_ids_reads_missing_pages_for_bulk_actions():
    source = PagedSource(50)
    model = _model(source, page_size=10)

    ids = model.article_ids([0, 45, 49])

    assert ids == [50, 5, 1]
    assert model.row_of(5) == 45


def test_rows_of_articles_deleted_since_the_count_are_empty():
    source = PagedSource(5)
    model = _model(source, page_size=3)
    del source.rows[:2]  # the page from row 3 is now empty

    assert model.index(4, 0).data() == LOADING  # reads the page
    assert model.index(3, 0).data() is None
    assert model.index(4, 0).data() is None


def test_columns_roles_and_display():
    source = PagedSource(1)
    source.rows[0] = _summary(
        1, published="2024-03-05T10:00:00+00:00", tags=["attribution", "tiktok"], notes=3
    )
    model = _model(source)
    cell = model.index(0, ArticleTableModel.TITLE)

    assert model.headerData(ArticleTableModel.PUBLISHED, Qt.Orientation.Horizontal) == "Published"
    assert model.headerData(ArticleTableModel.NOTES, Qt.Orientation.Horizontal) == "Notes"
    assert cell.data() == "Article 00001"
    assert cell.data(ArticleRole).id == 1
    assert model.index(0, ArticleTableModel.PUBLISHED).data() == "2024-03-05"
    assert model.index(0, ArticleTableModel.IMPORTED).data() == "2026-01-01"
    assert model.index(0, ArticleTableModel.TAGS).data() == "attribution, tiktok"
    assert model.index(0, ArticleTableModel.NOTES).data() == "3"
    imported_tip = model.index(0, ArticleTableModel.IMPORTED).data(Qt.ItemDataRole.ToolTipRole)
    assert imported_tip == "Imported 2026-01-01 00:00"
    assert cell.data(SortKeyRole) == "article 00001"


def test_missing_values_show_as_empty_cells():
    source = PagedSource(0)
    source.rows.append(_summary(1, title="", author=None, site_name=None, published=None))
    model = _model(source)

    assert model.index(0, ArticleTableModel.TITLE).data() == "(untitled)"
    assert model.index(0, ArticleTableModel.AUTHOR).data() == ""
    assert model.index(0, ArticleTableModel.PUBLISHED).data() == ""
    assert model.index(0, ArticleTableModel.NOTES).data() == ""


def test_empty_source():
    model = _model(PagedSource(0))

    assert model.rowCount() == 0
    assert model.total == 0


@pytest.mark.parametrize("column", list(ArticleTableModel.ORDERS))
def test_every_sortable_column_sorts_a_real_library(tmp_path, column):
    pages = tmp_path / "saved"
    pages.mkdir()
    for i, (title, site) in enumerate((("Beta", "Zeta"), ("alpha", "Eta"), ("Gamma", "Alpha"))):
        (pages / f"{i}.html").write_text(
            f"<html><head><title>{title}</title><meta property='og:site_name' content='{site}'>"
            f"<meta name='author' content='{site} Writer'>"
            f"<meta property='article:published_time' content='2024-0{i + 1}-01'></head>"
            f"<body><article><h1>{title}</h1><p>{'Words of a real article body. ' * 12}"
            f"{title}</p></article></body></html>",
            encoding="utf-8",
        )
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths([pages])
        model = _model(archive)
        model.sort(column, Qt.SortOrder.AscendingOrder)
        keys = [model.index(r, column).data(SortKeyRole) for r in range(3)]
        assert keys == sorted(keys)
        model.sort(column, Qt.SortOrder.DescendingOrder)
        keys = [model.index(r, column).data(SortKeyRole) for r in range(3)]
        assert keys == sorted(keys, reverse=True)


def test_search_result_model(qtmodeltester):
    model = SearchResultModel()
    hits = [
        SearchHit(7, "Seven", 2.5, "a <b>word</b>", "Site", "2024-02-02", "https://e.org/7"),
        SearchHit(3, "Three", 1.0, "<b>word</b> b"),
    ]

    model.set_hits("word", hits)

    assert model.rowCount() == 2
    assert model.query == "word"
    assert model.row_of(3) == 1
    assert model.index(0, SearchResultModel.TITLE).data(ArticleRole).article_id == 7
    assert model.index(1, SearchResultModel.SITE).data() == ""
    assert model.index(0, SearchResultModel.SNIPPET).data() == "a <b>word</b>"
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0
