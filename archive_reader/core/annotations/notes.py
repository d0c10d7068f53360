"""Article tags and notes: what a researcher writes on a whole article, and the tag list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_reader.core.annotations.changes import article_text, changing
from archive_reader.core.annotations.models import TagCount
from archive_reader.core.annotations.names import tag_name
from archive_reader.core.db import articles as db_articles
from archive_reader.core.db import tags as db_tags

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle


class ArticleNotes:
    """The article tags and notes of one library (``archive.annotations`` hands them out).

    Args:
        handle: The library's storage, lock and index flush.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db

    def tag(self, article_id: int, *names: str) -> list[str]:
        """Tags an article (tags it already has are left as they are).

        Returns:
            The article's tags afterwards.

        Raises:
            ArticleNotFound: No such article.
            TagError: A tag name is empty.
        """
        cleaned = [tag_name(name) for name in names]
        with changing(self._handle) as touched:
            article_text(self._handle, article_id)
            for name in cleaned:
                db_tags.tag_article(self._db, article_id, db_tags.tag_id(self._db, name))
            touched.add(article_id)
        return self.article_tags(article_id)

    def untag(self, article_id: int, *names: str) -> list[str]:
        """Removes tags from an article (its highlights keep theirs).

        Returns:
            The names that the article had and no longer has.

        Raises:
            ArticleNotFound: No such article.
            TagError: A tag name is empty.
        """
        cleaned = [tag_name(name) for name in names]
        removed = []
        with changing(self._handle) as touched:
            article_text(self._handle, article_id)
            for name in cleaned:
                found = db_tags.article_tag(self._db, article_id, name)
                if found is None:
                    continue
                db_tags.untag_article(self._db, article_id, found.id)
                db_tags.drop_unused_tags(self._db, [found.id])
                removed.append(found.name)
            if removed:
                touched.add(article_id)
        return removed

    def article_tags(self, article_id: int) -> list[str]:
        """An article's own tags (not its highlights'), sorted.

        Raises:
            ArticleNotFound: No such article.
        """
        with self._handle.lock:
            article_text(self._handle, article_id)
            return db_tags.article_tag_names(self._db, article_id)

    def tags(self) -> list[TagCount]:
        """Every tag with its counts of articles and highlights, by name."""
        with self._handle.lock:
            return db_tags.tag_counts(self._db)

    def set_note(self, article_id: int, text: str) -> None:
        """Sets (or with "" clears) the note on a whole article.

        Raises:
            ArticleNotFound: No such article.
        """
        with changing(self._handle) as touched:
            article_text(self._handle, article_id)
            db_articles.set_article_note(self._db, article_id, text.strip())
            touched.add(article_id)

    def note(self, article_id: int) -> str:
        """The note on a whole article ("" when none).

        Raises:
            ArticleNotFound: No such article.
        """
        with self._handle.lock:
            article_text(self._handle, article_id)
            note = db_articles.article_note(self._db, article_id)
        assert note is not None  # the article exists: checked under the same lock
        return note
