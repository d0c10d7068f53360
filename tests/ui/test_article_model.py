"""ArticleTableModel and SearchResultModel, without a window."""

from PySide6.QtCore import Qt

from archive_reader.core.models import SearchHit
from archive_reader.ui.models.articles import (
    ArticleRole,
    ArticleSortProxy,
    ArticleTableModel,
    SearchResultModel,
    SortKeyRole,
)


def test_reload_fetches_only_the_first_page(qtmodeltester, make_fake_archive):
    archive = make_fake_archive(count=450)
    model = ArticleTableModel(archive, page_size=200)
    model.reload()

    assert model.rowCount() == 200
    assert model.total == 450
    assert archive.list_calls == [(0, 200)]
    assert model.canFetchMore()
    qtmodeltester.check(model)


def test_fetch_more_loads_page_by_page_until_all_are_loaded(make_fake_archive):
    archive = make_fake_archive(count=450)
    model = ArticleTableModel(archive, page_size=200)
    model.reload()

    model.fetchMore()
    model.fetchMore()

    assert model.rowCount() == 450
    assert not model.canFetchMore()
    assert archive.list_calls == [(0, 200), (200, 200), (400, 200)]


def test_fetch_more_stops_when_the_library_shrank(make_fake_archive):
    archive = make_fake_archive(count=5)
    model = ArticleTableModel(archive, page_size=3)
    model.reload()
    del archive.articles[3:]

    model.fetchMore()

    assert model.rowCount() == 3
    assert not model.canFetchMore()


def test_empty_library(make_fake_archive):
    model = ArticleTableModel(make_fake_archive(count=0))
    model.reload()

    assert model.rowCount() == 0
    assert not model.canFetchMore()


def test_columns_roles_and_display(make_fake_archive):
    archive = make_fake_archive(count=1)
    archive.articles[0].published = "2024-03-05T10:00:00+00:00"
    model = ArticleTableModel(archive)
    model.reload()
    cell = model.index(0, ArticleTableModel.TITLE)

    assert model.headerData(ArticleTableModel.PUBLISHED, Qt.Orientation.Horizontal) == "Published"
    assert cell.data() == "Article 00001"
    assert cell.data(ArticleRole).id == 1
    assert model.index(0, ArticleTableModel.PUBLISHED).data() == "2024-03-05"
    assert model.index(0, ArticleTableModel.IMPORTED).data() == "2026-01-01"
    imported_tip = model.index(0, ArticleTableModel.IMPORTED).data(Qt.ItemDataRole.ToolTipRole)
    assert imported_tip == "Imported 2026-01-01 00:00"
    assert cell.data(SortKeyRole) == "article 00001"


def test_missing_values_show_as_empty_cells(make_fake_archive):
    archive = make_fake_archive(count=0)
    archive.add(title="", author=None, site_name=None, published=None)
    model = ArticleTableModel(archive)
    model.reload()

    assert model.index(0, ArticleTableModel.TITLE).data() == "(untitled)"
    assert model.index(0, ArticleTableModel.AUTHOR).data() == ""
    assert model.index(0, ArticleTableModel.PUBLISHED).data() == ""
    assert model.index(0, ArticleTableModel.PUBLISHED).data(SortKeyRole) == ""


def test_proxy_sorts_by_sort_key_case_insensitively(make_fake_archive):
    archive = make_fake_archive(count=0)
    for title in ("banana", "Apple", "cherry"):
        archive.add(title=title)
    model = ArticleTableModel(archive)
    model.reload()
    proxy = ArticleSortProxy()
    proxy.setSourceModel(model)

    proxy.sort(ArticleTableModel.TITLE, Qt.SortOrder.AscendingOrder)

    titles = [proxy.index(row, 0).data() for row in range(proxy.rowCount())]
    assert titles == ["Apple", "banana", "cherry"]


def test_search_result_model(qtmodeltester):
    model = SearchResultModel()
    hits = [
        SearchHit(7, "Seven", 2.5, "a <b>word</b>", "Site", "2024-02-02", "https://e.org/7"),
        SearchHit(3, "Three", 1.0, "<b>word</b> b"),
    ]

    model.set_hits("word", hits)

    assert model.rowCount() == 2
    assert model.query == "word"
    assert model.index(0, SearchResultModel.TITLE).data(ArticleRole).article_id == 7
    assert model.index(1, SearchResultModel.SITE).data() == ""
    assert model.index(0, SearchResultModel.SNIPPET).data() == "a <b>word</b>"
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0
