"""The Whoosh index: schema, documents, and keeping it in step with the database.

The index is derived data. Article text is not stored in it (SQLite holds it);
it keeps only what search needs, and can be deleted and rebuilt from the
database at any time.

Text is analysed by :mod:`archive_reader.core.analysis` before it reaches
Whoosh: each article with the stemmer of its own language. The text fields
therefore take lists of ready terms (:class:`TermsField`), which is also much
faster than Whoosh's own token-by-token analyzers.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from whoosh import fields as whoosh_fields
from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, NUMERIC, Schema
from whoosh.index import Index
from whoosh.system import pack_uint
from whoosh.writing import IndexWriter, LockError

from archive_reader.core.analysis import base_language, fold, names, terms, whole_name
from archive_reader.core.errors import LibraryError

log = logging.getLogger(__name__)

INDEX_DIR = "index"
INDEX_NAME = "articles"
#: Bump when the schema or analysis changes: the index is then rebuilt on open.
INDEX_VERSION = 4
#: Day number stored for articles without a publication date (before any real date).
NO_DATE = -1_000_000
_WRITER_TIMEOUT = 30.0
_VERSION_FILE = "VERSION"
#: Rebuilds of at least this many articles use a writer process per core.
_PARALLEL_REBUILD = 5000
_EPOCH = date(1970, 1, 1).toordinal()
# Stands between the title and the body in the "text" field; no word folds to it.
_GAP = "\u2060"


class TermsField(whoosh_fields.FieldType):
    """A field that takes a list of ready-made terms.

    With ``positions`` the terms' positions are kept (for phrases); without,
    only their frequencies.
    """

    def __init__(self, field_boost: float = 1.0, positions: bool = True) -> None:
        self.format = (
            formats.Positions(field_boost=field_boost)
            if positions
            else formats.Frequency(field_boost=field_boost)
        )
        self.analyzer = IDTokenizer()
        self.scorable = True
        self.stored = False
        self.unique = False
        self.vector = None
        self.column_type = None
        self._positions = positions

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        """Yields (term, frequency, weight, encoded postings) for each distinct term."""
        assert isinstance(value, list), value
        boost = self.format.field_boost
        if not self._positions:
            for term, count in Counter(value).items():
                yield term.encode("utf-8"), count, count * boost, pack_uint(count)
            return
        places: dict[str, list[int]] = {}
        for position, term in enumerate(value):
            places.setdefault(term, []).append(position)
        encode = self.format.encode
        for term, positions in places.items():
            yield term.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)


def make_schema() -> Schema:
    """The fields of one indexed article."""
    return Schema(
        id=NUMERIC(int, bits=64, stored=True, unique=True, signed=False, sortable=True),
        # Plain words search "text": the title twice, then the body. Counting the
        # title's terms twice in one field weighs them above the body's in the
        # way BM25F does (field weights applied to term frequencies before
        # saturation), and one field is half the work of two at query time.
        text=TermsField(),
        title=TermsField(),
        site=TermsField(),
        author=TermsField(),
        site_name=TermsField(positions=False),
        author_name=TermsField(positions=False),
        note=TermsField(),
        tag=TermsField(positions=False),
        entity=TermsField(positions=False),
        label=TermsField(positions=False),
        lang=ID(),
        date=NUMERIC(int, bits=32, signed=True, sortable=True),
        saved=NUMERIC(int, bits=32, signed=True, sortable=True),
    )


def day_number(value: object) -> int | None:
    """Days since 1970-01-01 of an ISO date or date-time string (or a date)."""
    if isinstance(value, date):
        return value.toordinal() - _EPOCH
    if not isinstance(value, str) or len(value) < 4:
        return None
    for size, layout in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            return datetime.strptime(value[:size], layout).toordinal() - _EPOCH
        except ValueError:
            continue
    return None


def day_to_date(number: int) -> date:
    """The date of a day number."""
    return date.fromordinal(number + _EPOCH)


def document(row: dict[str, object]) -> dict[str, object]:
    """The index document for an article row from :meth:`Storage.index_rows`."""
    language = str(row.get("language") or "")
    published = day_number(row.get("published"))
    saved = day_number(row.get("imported_at"))
    title = terms(str(row.get("title") or ""), language)
    body = terms(str(row.get("text") or ""), language)
    # A gap between the parts keeps a phrase from spanning title and body.
    text = [*title, _GAP, *title, _GAP, *body]
    return {
        "id": row["id"],
        "text": text,
        "title": title,
        "site": names(row.get("site_name")),  # type: ignore[arg-type]
        "author": names(row.get("author")),  # type: ignore[arg-type]
        "site_name": [whole_name(row.get("site_name"))],  # type: ignore[arg-type]
        "author_name": [whole_name(row.get("author"))],  # type: ignore[arg-type]
        "note": terms(str(row.get("notes") or ""), language),
        "tag": [fold(tag.strip()) for tag in row.get("tags") or [] if tag.strip()],  # type: ignore[attr-defined]
        "entity": [str(entity) for entity in row.get("entities") or []],  # type: ignore[attr-defined]
        "label": [fold(label.strip()) for label in row.get("labels") or []],  # type: ignore[attr-defined]
        "lang": base_language(language) or "und",
        "date": published if published is not None else NO_DATE,
        "saved": saved if saved is not None else NO_DATE,
    }


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
            if self._stored_version() == INDEX_VERSION:
                try:
                    opened = whoosh_index.open_dir(self.folder, indexname=INDEX_NAME)
                    opened.doc_count()  # reads the segment list: fails if it is damaged
                    return opened
                # The index is derived data: whatever makes it unreadable (a torn
                # file, a schema from another version), the cure is a rebuild.
                except Exception as error:  # noqa: BLE001
                    log.warning("index in %s is damaged (%s); rebuilding", self.folder, error)
            else:
                log.info("index in %s has another layout; rebuilding", self.folder)
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

    def _writer(self, **options: object) -> IndexWriter:
        try:
            return self._index.writer(timeout=_WRITER_TIMEOUT, **options)
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
        """Replaces the whole index with these documents; yields the count written.

        Large rebuilds use one writer process per core (Whoosh's multiprocess
        writer, each writing its own segment), which roughly doubles the rate
        on two cores.
        """
        self._index.close()
        self._index = self._create()
        cores = os.cpu_count() or 1
        options: dict[str, object] = {"limitmb": 256}
        if total >= _PARALLEL_REBUILD and cores > 1:
            options.update(procs=min(cores, 4), multisegment=True)
        writer = self._writer(**options)
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
