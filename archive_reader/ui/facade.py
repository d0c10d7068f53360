"""ArchiveFacade: what the UI uses of the Archive, as a Protocol that the tests' fake implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archive_reader.core.models import (
    Article,
    ArticleFilter,
    ArticleSummary,
    Facet,
    LibraryOverview,
    Progress,
    SavedSearchRun,
    SearchResults,
)

if TYPE_CHECKING:
    from archive_reader.core.annotations.highlights import Annotations
    from archive_reader.core.archive import Archive
    from archive_reader.core.entities.catalog import EntityCatalog
    from archive_reader.core.export.exporter import Exporter


class ArchiveFacade(Protocol):
    """The members of ``Archive`` that the widgets, dialogs and controllers call.

    ``Archive`` implements it (checked by mypy below); so does the UI tests'
    ``FakeArchive`` (checked by a test), so that a widget never guards against
    a member the fake lacks.
    """

    path: Path

    @property
    def index_needs_rebuild(self) -> bool: ...

    @property
    def annotations(self) -> Annotations: ...

    @property
    def entities(self) -> EntityCatalog: ...

    @property
    def export(self) -> Exporter: ...

    def close(self) -> None: ...

    def get(self, article_id: int) -> Article: ...

    def count(self) -> int: ...

    def list_articles(
        self,
        offset: int = 0,
        limit: int | None = None,
        order: str = "imported",
        descending: bool | None = None,
        filter: ArticleFilter | None = None,
    ) -> list[ArticleSummary]: ...

    def count_articles(self, filter: ArticleFilter | None = None) -> int: ...

    def overview(self) -> LibraryOverview: ...

    def disk_usage(self) -> int: ...

    def delete_articles(self, article_ids: Iterable[int]) -> int: ...

    def resource(self, article_id: int, ref: str) -> tuple[bytes, str] | None: ...

    def original_path(self, article_id: int) -> Path: ...

    def search(
        self, query: str, limit: int = 20, offset: int = 0, order: str = "relevance"
    ) -> SearchResults: ...

    def warm_up(self) -> None: ...

    def facets(self, query: str, limit: int = 10) -> dict[str, list[Facet]]: ...

    def save_search(self, name: str, query: str) -> None: ...

    def delete_saved_search(self, name: str) -> None: ...

    def run_saved_search(self, name: str, limit: int = 20) -> SavedSearchRun: ...

    def reindex(self) -> Iterator[Progress]: ...


if TYPE_CHECKING:

    def _archive_is_a_facade(archive: Archive) -> ArchiveFacade:
        return archive  # mypy checks that Archive has every member above
