"""Article notes (``articles.note``) and the article text that highlights are anchored to."""

from __future__ import annotations

import sqlite_utils


def article_text(db: sqlite_utils.Database, article_id: int) -> str | None:
    """An article's extracted text.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        The text, or None when there is no such article.
    """
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    return None if row is None else str(row[0])


def article_note(db: sqlite_utils.Database, article_id: int) -> str | None:
    """The note on a whole article.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        The note ("" when none), or None when there is no such article.
    """
    row = db.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()
    return None if row is None else str(row[0])


def set_article_note(db: sqlite_utils.Database, article_id: int, note: str) -> None:
    """Sets the note on a whole article.

    Args:
        db: The library's database.
        article_id: The article.
        note: The note ("" for none).
    """
    db.execute("UPDATE articles SET note = ? WHERE id = ?", [note, article_id])
