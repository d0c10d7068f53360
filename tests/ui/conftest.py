"""UI test setup: Qt runs offscreen; a small fake Archive for tests that need no core."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterable, Iterator  # noqa: E402 - after the platform is chosen
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from archive_reader.core.errors import ArticleNotFound  # noqa: E402
from archive_reader.core.models import (  # noqa: E402
    Article,
    ArticleFilter,
    ArticleSummary,
    Facet,
    LibraryOverview,
    Progress,
    SavedSearchRun,
    SearchHit,
    SearchResults,
)


class FakeAnnotations:
    """An Archive's annotations with none stored (the labels are the reader's defaults)."""

    def labels(self) -> list[object]:
        return []

    def for_article(self, article_id: int) -> list[object]:
        return []


class FakeEntities:
    """An Archive's entity catalogue with no entity."""

    def entities(self, type: str | None = None, contains: str | None = None) -> list[object]:
        return []

    def types(self) -> list[str]:
        return []

    def mentions(self, **_where: object) -> list[object]:
        return []


class FakeArchive:
    """The Archive methods the UI reads (``ArchiveFacade``), over a list of made-up articles.

    It holds no highlights, entities or saved searches; what a reader test does
    not read (export, saved searches) raises NotImplementedError.
    """

    index_needs_rebuild = False

    def __init__(self, count: int = 0, path: Path = Path("/tmp/fake-library")) -> None:
        self.path = path
        self.articles = [_article(i) for i in range(1, count + 1)]
        self.list_calls: list[tuple[int, int | None]] = []
        self.resources: dict[tuple[int, str], tuple[bytes, str]] = {}
        self.resource_calls: list[tuple[int, str]] = []
        self.annotations = FakeAnnotations()
        self.entities = FakeEntities()

    @property
    def export(self) -> object:
        raise NotImplementedError("FakeArchive exports nothing")

    def count(self) -> int:
        return len(self.articles)

    def list_articles(
        self,
        offset: int = 0,
        limit: int | None = None,
        order: str = "imported",
        descending: bool | None = None,
        filter: ArticleFilter | None = None,
    ) -> list[ArticleSummary]:
        self.list_calls.append((offset, limit))
        newest_first = sorted(self.articles, key=lambda a: a.imported_at, reverse=True)
        end = None if limit is None else offset + limit
        return [_summary(a) for a in newest_first[offset:end]]

    def count_articles(self, filter: ArticleFilter | None = None) -> int:
        return len(self.articles)

    def overview(self) -> LibraryOverview:
        return LibraryOverview(len(self.articles), 0, 0, [], [], {}, [], [])

    def disk_usage(self) -> int:
        return 0

    def delete_articles(self, article_ids: Iterable[int]) -> int:
        gone = set(article_ids)
        before = len(self.articles)
        self.articles = [a for a in self.articles if a.id not in gone]
        return before - len(self.articles)

    def original_path(self, article_id: int) -> Path:
        return self.path / "originals" / str(self.get(article_id).original_sha256)

    def warm_up(self) -> None:
        pass

    def facets(self, query: str, limit: int = 10) -> dict[str, list[Facet]]:
        return {}

    def save_search(self, name: str, query: str) -> None:
        raise NotImplementedError("FakeArchive keeps no saved searches")

    def delete_saved_search(self, name: str) -> None:
        raise NotImplementedError("FakeArchive keeps no saved searches")

    def run_saved_search(self, name: str, limit: int = 20) -> SavedSearchRun:
        raise NotImplementedError("FakeArchive keeps no saved searches")

    def reindex(self) -> Iterator[Progress]:
        yield Progress(len(self.articles), len(self.articles))

    def get(self, article_id: int) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise ArticleNotFound(f"No article {article_id}.")

    def search(
        self, query: str, limit: int = 20, offset: int = 0, order: str = "relevance"
    ) -> SearchResults:
        word = query.casefold()
        hits = [
            SearchHit(a.id, a.title, 1.0, f"… <b>{query}</b> …", a.site_name, a.published, a.url)
            for a in self.articles
            if word in a.text.casefold()
        ]
        return SearchResults(hits[:limit], len(hits), "", query)

    def resource(self, article_id: int, ref: str) -> tuple[bytes, str] | None:
        self.resource_calls.append((article_id, ref))
        return self.resources.get((article_id, ref))

    def close(self) -> None:
        pass

    def add(self, **changes: object) -> Article:
        article = replace(_article(len(self.articles) + 1), **changes)
        self.articles.append(article)
        return article


def _article(i: int) -> Article:
    return Article(
        id=i,
        title=f"Article {i:05d}",
        text=f"Body of article {i}.",
        html=f"<p>Body of article {i}.</p>",
        url=f"https://example.org/{i}",
        author="A. Writer",
        published=f"2024-01-{i % 28 + 1:02d}",
        site_name="Example",
        language="en",
        description=None,
        image=None,
        source_path=f"/saved/{i}.html",
        source_format="html",
        original_sha256="0" * 64,
        imported_at=f"2026-01-01T00:00:{i:05d}",
        word_count=4,
    )


def _summary(article: Article) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title,
        site_name=article.site_name,
        author=article.author,
        published=article.published,
        url=article.url,
        language=article.language,
        imported_at=article.imported_at,
        word_count=article.word_count,
    )


@pytest.fixture
def make_fake_archive() -> type[FakeArchive]:
    """The FakeArchive class: ``make_fake_archive(count=3)``."""
    return FakeArchive


@pytest.fixture(autouse=True)
def _empty_clipboard(qapp):
    """Empties the clipboard after each test.

    Qt's offscreen platform crashes at exit when the clipboard still holds a
    QMimeData (rich text from "Copy with citation"); a real display does not.
    """
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
