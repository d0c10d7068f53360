"""What every change to the annotations shares: one transaction, re-indexing, the article check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from archive_reader.core.db import articles as db_articles
from archive_reader.core.errors import ArticleNotFound

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle


@contextmanager
def changing(handle: LibraryHandle) -> Iterator[set[int]]:
    """One transaction under the lock; the article ids added to the yielded set are re-indexed.

    Args:
        handle: The library.

    Yields:
        The set to add the ids of the articles whose index entry changes to.
    """
    touched: set[int] = set()
    with handle.lock:
        with handle.storage.transaction():
            yield touched
            if touched:
                handle.storage.queue_for_index(sorted(touched))
        if touched:
            handle.flush()


def article_text(handle: LibraryHandle, article_id: int) -> str:
    """An article's text; call it under the library's lock.

    Args:
        handle: The library.
        article_id: The article.

    Returns:
        The text.

    Raises:
        ArticleNotFound: No such article.
    """
    text = db_articles.article_text(handle.storage.db, article_id)
    if text is None:
        raise ArticleNotFound(f"no article with id {article_id} in {handle.path}")
    return text
