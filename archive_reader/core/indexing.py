"""The Whoosh index: schema, and keeping it in step with the database.

The index is derived data. Article text is not stored in it (SQLite holds it);
the index keeps only what search needs. It can be deleted and rebuilt from the
database at any time.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.fields import DATETIME, ID, NUMERIC, TEXT, Schema
from whoosh.index import EmptyIndexError, Index
from whoosh.support.charset import accent_map
from whoosh.writing import IndexWriter, LockError

from archive_reader.core.errors import LibraryError

log = logging.getLogger(__name__)

INDEX_DIR = "index"
INDEX_NAME = "articles"
#: Bump when the schema or analysis changes: the index is then rebuilt on open.
INDEX_VERSION = 1
_WRITER_TIMEOUT = 30.0
_VERSION_FILE = "VERSION"


def text_analyzer() -> Analyzer:
    """Words, lowercased, accents folded, stemmed (English rules for now)."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter()


def name_analyzer() -> Analyzer:
    """Names (site, author): words, lowercased, accents folded, no stemming."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    """The fields of one indexed article."""
    return Schema(
        id=NUMERIC(int, stored=True, unique=True, signed=False),
        title=TEXT(analyzer=text_analyzer(), field_boost=2.0),
        body=TEXT(analyzer=text_analyzer()),
        site=TEXT(analyzer=name_analyzer()),
        author=TEXT(analyzer=name_analyzer()),
        lang=ID(),
        date=DATETIME(),
        saved=DATETIME(),
    )


def _parse_date(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) < 4:
        return None
    for size, layout in ((19, "%Y-%m-%dT%H:%M:%S"), (10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            return datetime.strptime(value[:size], layout)
        except ValueError:
            continue
    return None


def document(row: dict[str, object]) -> dict[str, object]:
    """The index document for an article row from storage."""
    doc: dict[str, object] = {
        "id": row["id"],
        "title": row["title"] or "",
        "body": row["text"] or "",
        "site": row["site_name"] or "",
        "author": row["author"] or "",
        "lang": str(row["language"] or "").lower(),
    }
    published = _parse_date(row.get("published"))
    if published is not None:
        doc["date"] = published
    saved = _parse_date(row.get("imported_at"))
    if saved is not None:
        doc["saved"] = saved
    return doc


class SearchIndex:
    """The Whoosh index folder of one library."""

    def __init__(self, library: Path) -> None:
        """Opens the index, creating an empty one when it is missing.

        ``needs_rebuild`` is set when the index was missing, damaged or of an
        older layout; the caller then rebuilds it from the database.
        """
        self.folder = library / INDEX_DIR
        self.needs_rebuild = False
        self._index = self._open()

    def _open(self) -> Index:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot create the index folder {self.folder}: {error}") from error
        if whoosh_index.exists_in(self.folder, INDEX_NAME):
            try:
                opened = whoosh_index.open_dir(self.folder, indexname=INDEX_NAME)
                if self._stored_version() == INDEX_VERSION:
                    return opened
                opened.close()
                log.info("index in %s has another layout; rebuilding", self.folder)
            except (EmptyIndexError, OSError, ValueError, EOFError) as error:
                log.warning("index in %s is damaged (%s); rebuilding", self.folder, error)
        else:
            log.info("no index in %s; creating one", self.folder)
        return self._create()

    def _create(self) -> Index:
        self.needs_rebuild = True
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        created = whoosh_index.create_in(self.folder, make_schema(), indexname=INDEX_NAME)
        (self.folder / _VERSION_FILE).write_text(str(INDEX_VERSION), encoding="ascii")
        return created

    def _stored_version(self) -> int | None:
        try:
            return int((self.folder / _VERSION_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    @property
    def index(self) -> Index:
        """The open Whoosh index (for the search module)."""
        return self._index

    def _writer(self) -> IndexWriter:
        try:
            return self._index.writer(timeout=_WRITER_TIMEOUT)
        except LockError as error:
            raise LibraryError(
                f"the search index in {self.folder} is locked by another program"
                " (is Archive Reader running elsewhere on this library?)"
            ) from error

    def apply(self, rows: Iterable[dict[str, object]], deleted: Iterable[int] = ()) -> None:
        """Writes these articles' documents and removes deleted ones, in one commit."""
        writer = self._writer()
        try:
            for row in rows:
                writer.update_document(**document(row))
            for article_id in deleted:
                writer.delete_by_term("id", article_id)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, batches: Iterable[list[dict[str, object]]], total: int) -> Iterator[int]:
        """Replaces the whole index with these documents; yields the count written."""
        self._index.close()
        self._index = self._create()
        writer = self._index.writer(timeout=_WRITER_TIMEOUT, limitmb=256)
        done = 0
        try:
            for batch in batches:
                for row in batch:
                    writer.add_document(**document(row))
                done += len(batch)
                yield done
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.needs_rebuild = False
        log.info("rebuilt the index of %d of %d articles", done, total)

    def article_ids(self) -> set[int]:
        """Every article id the index holds."""
        with self._index.searcher() as searcher:
            return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def close(self) -> None:
        """Closes the index."""
        self._index.close()
