"""Archive: one facade over a library's storage, originals and search index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from archive_reader.core.models import (
    Article,
    ArticleSummary,
    ImportProgress,
    ImportResult,
    Progress,
    SearchHit,
)


class Archive:
    """One library folder: database, originals and index.

    Use ``Archive.open(path)``; close it (or use it as a context manager) when done.
    """

    @classmethod
    def open(cls, path: str | Path | None = None) -> Archive:
        """Opens the library at ``path``, creating it if missing.

        ``None`` means the default library (``ARCHIVE_READER_LIBRARY`` or the
        per-user data folder).
        """
        raise NotImplementedError

    path: Path

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Import
    def iter_import(
        self, paths: Iterable[str | Path], cancel: Callable[[], bool] | None = None
    ) -> Iterator[ImportProgress]:
        """Imports files and folders, yielding progress after each result."""
        raise NotImplementedError

    def import_paths(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[ImportProgress], None] | None = None,
    ) -> list[ImportResult]:
        """Imports files and folders; returns one result per file (or WARC record)."""
        raise NotImplementedError

    # Reading
    def get(self, article_id: int) -> Article:
        """Returns one article; raises ArticleNotFound."""
        raise NotImplementedError

    def list_articles(
        self, offset: int = 0, limit: int | None = None, order: str = "imported"
    ) -> list[ArticleSummary]:
        """Articles for a list, newest import first (order: imported, published, title)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def resource(self, article_id: int, ref: str) -> tuple[bytes, str] | None:
        """The bytes and media type of an image the article's html refers to, if kept."""
        raise NotImplementedError

    def original_path(self, article_id: int) -> Path:
        """The stored original file the article was imported from."""
        raise NotImplementedError

    # Search and upkeep
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        raise NotImplementedError

    def reindex(self) -> Iterator[Progress]:
        raise NotImplementedError

    def check(self) -> list[str]:
        raise NotImplementedError

    def stats(self) -> dict[str, object]:
        raise NotImplementedError
