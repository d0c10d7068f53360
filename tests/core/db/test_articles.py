"""Articles and resources: typed rows in and out, duplicate lookups, re-extraction, deletes."""

from __future__ import annotations

from archive_reader.core.db import articles
from archive_reader.core.db.articles import ArticleRef, ExtractionSource, HitRow, Reextracted
from archive_reader.core.db.index_queue import pending_marks
from archive_reader.core.db.storage import Storage, sha256_of
from archive_reader.core.models import Article
from tests.core.db.conftest import add, new_article


def test_an_article_comes_back_as_the_model_with_its_resources(
    storage: Storage, original: str
) -> None:
    article_id = add(storage, new_article(original, 1), {"img.png": (original, "image/png")})
    found = articles.article(storage.db, article_id)
    assert isinstance(found, Article)
    assert (found.id, found.title, found.source_format) == (article_id, "Article 1", "warc")
    assert found.word_count == 9 and found.note == "" and found.captured_at is None
    assert found.resources == {"img.png": original}
    assert articles.resource(storage.db, article_id, "img.png") == (original, "image/png")
    assert articles.resource(storage.db, article_id, "other.png", original) == (
        original,
        "image/png",
    )
    assert articles.article(storage.db, article_id + 1) is None


def test_inserting_queues_the_article_for_the_index(storage: Storage, original: str) -> None:
    article_id = add(storage, new_article(original, 1))
    assert [article for article, _ in pending_marks(storage.db)] == [article_id]


def test_duplicate_lookups_return_refs(storage: Storage, original: str) -> None:
    article_id = add(storage, new_article(original, 1))
    ref = ArticleRef(article_id, "Article 1")
    text_sha = sha256_of(b"The text of article 1, in a few words.")
    assert articles.find_by_record(storage.db, original, "record-1") == ref
    assert articles.find_by_record(storage.db, original, "record-2") is None
    assert articles.find_by_url_text(storage.db, "example.org/1", text_sha) == ref
    assert articles.find_by_url_text(storage.db, "example.org/2", text_sha) is None
    assert articles.find_by_title_text(storage.db, "Article 1", text_sha) == ref
    # It has a URL, so it is not found among the pages that name none.
    assert articles.find_by_title_text(storage.db, "Article 1", text_sha, True) is None


def test_reextraction_replaces_the_columns(storage: Storage, original: str) -> None:
    article_id = add(storage, new_article(original, 1))
    assert articles.extraction_source(storage.db, article_id) == ExtractionSource(
        original, "record-1", "The text of article 1, in a few words."
    )
    with storage.transaction():
        articles.update_extraction(
            storage.db,
            article_id,
            Reextracted(
                title="Better",
                text="New words",
                html="<p>New words</p>",
                url=None,
                url_key=None,
                author="Ann",
                published="2024-01-02",
                site_name=None,
                language="en",
                description=None,
                image=None,
                extractor_version=2,
            ),
            {},
        )
    found = articles.article(storage.db, article_id)
    assert found is not None
    assert (found.title, found.text, found.word_count, found.author) == (
        "Better",
        "New words",
        2,
        "Ann",
    )
    assert articles.find_by_title_text(storage.db, "Better", sha256_of(b"New words")) is not None


def test_hit_rows(storage: Storage, original: str) -> None:
    first = add(storage, new_article(original, 1))
    second = add(storage, new_article(original, 2, language=None))
    rows = articles.hit_rows(storage.db, [second, first, 999])
    assert rows[second] == HitRow(
        second,
        "Article 2",
        "The text of article 2, in a few words.",
        None,
        "Example",
        None,
        "https://example.org/2",
    )
    assert set(rows) == {first, second}
    assert articles.hit_rows(storage.db, []) == {}


def test_deleting_articles_counts_them_and_queues_them(storage: Storage, original: str) -> None:
    first = add(storage, new_article(original, 1))
    with storage.transaction():
        storage.db.execute("DELETE FROM index_queue")
        assert articles.delete_articles(storage.db, [first, 999]) == 1
    assert storage.count() == 0
    assert [article for article, _ in pending_marks(storage.db)] == [first, 999]
