"""The Whoosh index: schema, documents, and keeping it in step with the database.

The index is derived data. Article text is not stored in it (SQLite holds it);
it keeps only what search needs, and can be deleted and rebuilt from the
database at any time.

Text is analysed by :mod:`archive_reader.core.search.analysis` before it reaches
Whoosh: each article with the stemmer of its own language. The text fields
therefore take lists of ready terms (:class:`TermsField`), which is also much
faster than Whoosh's own token-by-token analyzers.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import shutil
import sys
import time
import warnings
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import numpy as np
from whoosh import fields as whoosh_fields
from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, NUMERIC, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.system import pack_uint
from whoosh.util.filelock import LockBase
from whoosh.writing import IndexWriter, LockError

from archive_reader.core.db import index_queue
from archive_reader.core.db.index_queue import IndexRow
from archive_reader.core.db.storage import Storage
from archive_reader.core.errors import LibraryError
from archive_reader.core.search.analysis import (
    base_language,
    names,
    search_fold,
    whole_name,
    words,
)

log = logging.getLogger(__name__)

INDEX_DIR = "index"
INDEX_NAME = "articles"
#: Bump when the schema or analysis changes: the index is then rebuilt on open.
INDEX_VERSION = 8
#: Day number stored for articles without a publication date (before any real date).
NO_DATE = -1_000_000
_WRITER_TIMEOUT = 30.0
_VERSION_FILE = "VERSION"
# In an index created empty, until the rebuild that fills it has finished.
_INCOMPLETE_FILE = "INCOMPLETE"
_STAGING = INDEX_DIR + ".rebuild"
_RETIRED = INDEX_DIR + ".old"
#: Rebuilds of at least this many articles use a writer process per core.
_PARALLEL_REBUILD = 5000
_EPOCH = date(1970, 1, 1).toordinal()


class RawPositions(formats.Format):  # type: ignore[misc]  # Whoosh has no types
    """Word positions stored as little-endian 32-bit numbers, one per occurrence.

    Whoosh's own Positions format pickles each posting's list; these read back
    for a whole posting list at once with numpy (:mod:`.scoring`), which is
    what answering phrases of common words from the index needs.
    """

    posting_size = -1

    def encode(self, positions: list[int]) -> bytes:
        """The stored value of one posting."""
        return array("I", positions).tobytes() if _LITTLE else _little(positions)

    def decode_positions(self, value: bytes) -> list[int]:
        """The positions of one posting."""
        return [int(p) for p in np.frombuffer(value, dtype="<u4")]

    def decode_frequency(self, value: bytes) -> int:
        """How often the term occurs in the document."""
        return len(value) // 4

    def decode_weight(self, value: bytes) -> float:
        """The term's weight in the document."""
        return len(value) // 4 * float(self.field_boost)


def _little(positions: list[int]) -> bytes:
    return np.asarray(positions, dtype="<u4").tobytes()


_LITTLE = sys.byteorder == "little" and array("I").itemsize == 4
#: Positions of zone k (the title, the text) start at k * ZONE: no phrase runs across.
ZONE = 1 << 28


class TermsField(whoosh_fields.FieldType):  # type: ignore[misc]  # Whoosh has no types
    """A field that takes ready-made terms.

    Without ``positions`` the value is a list of terms and only their
    frequencies are kept. With ``positions`` it is a list of zones, each a
    list of terms (None for a gap that no phrase crosses); zone k's terms
    are at positions k * ZONE onwards.
    """

    def __init__(
        self, field_boost: float = 1.0, positions: bool = True, scorable: bool = True
    ) -> None:
        self.format = (
            RawPositions(field_boost=field_boost)
            if positions
            else formats.Frequency(field_boost=field_boost)
        )
        self.analyzer = IDTokenizer()
        self.scorable = scorable
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
        for zone, zone_terms in enumerate(value):
            base = zone * ZONE
            for position, term in enumerate(zone_terms[: ZONE - 1]):
                if term is not None:
                    places.setdefault(term, []).append(base + position)
        encode = self.format.encode
        for term, positions in places.items():
            yield term.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)


# The index's table of contents pickles the schema with these classes by name: keep the
# name that libraries made by earlier versions carry (archive_reader/core/indexing.py).
TermsField.__module__ = "archive_reader.core.indexing"
RawPositions.__module__ = "archive_reader.core.indexing"


def make_schema() -> Schema:
    """The fields of one indexed article.

    Text is indexed once, as its folded words with their positions: "words"
    (the title, then the text in a zone of its own), "title_words",
    "note_words". Phrases, prefixes and fuzzy words search these words as
    they are; a plain word searches the words that have its stem in each
    article's language, found at query time
    (:meth:`archive_reader.core.search.cache.ReaderCache.forms`). For BM25 the
    title's words count twice (BM25F-style field weight), and the lengths are
    kept as columns: ``text_length`` (the title twice and the text),
    ``title_length``, ``note_length``.
    """
    return Schema(
        id=NUMERIC(int, bits=64, stored=True, unique=True, signed=False, sortable=True),
        words=TermsField(scorable=False),
        title_words=TermsField(scorable=False),
        note_words=TermsField(scorable=False),
        site=TermsField(),
        author=TermsField(),
        site_name=TermsField(positions=False),
        author_name=TermsField(positions=False),
        tag=TermsField(positions=False),
        entity=TermsField(positions=False),
        label=TermsField(positions=False),
        lang=ID(),
        date=NUMERIC(int, bits=32, signed=True, sortable=True),
        saved=NUMERIC(int, bits=32, signed=True, sortable=True),
        text_length=NUMERIC(int, bits=32, signed=False, sortable=True),
        title_length=NUMERIC(int, bits=32, signed=False, sortable=True),
        note_length=NUMERIC(int, bits=32, signed=False, sortable=True),
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


def document(row: IndexRow) -> dict[str, object]:
    """The index document for an article row from :func:`index_queue.index_rows`."""
    published = day_number(row.published)
    saved = day_number(row.imported_at)
    title_words = words(row.title)
    body_words = words(row.text)
    note_words: list[str | None] = []
    for note in row.notes:
        note_words.extend([*words(note), None])
    return {
        "id": row.id,
        "words": [title_words, body_words],
        "title_words": [title_words],
        "note_words": [note_words],
        "site": [names(row.site_name)],
        "author": [names(row.author)],
        "site_name": [whole_name(row.site_name)],
        "author_name": [whole_name(row.author)],
        "tag": [fold_value(tag) for tag in row.tags if tag.strip()],
        "entity": [str(entity) for entity in row.entities],
        "label": [fold_value(label) for label in row.labels],
        "lang": base_language(row.language) or "und",
        "date": published if published is not None else NO_DATE,
        "saved": saved if saved is not None else NO_DATE,
        "text_length": 2 * len(title_words) + len(body_words),
        "title_length": len(title_words),
        "note_length": len(note_words) - note_words.count(None),
    }


def fold_value(value: str) -> str:
    """A tag's or label's index term: the whole value folded, spaces made single."""
    return " ".join(search_fold(value).split())


def _verified(opened: Index) -> Index:
    """Returns the index once its segment list and every segment's files read back.

    Reads the document count (the table of contents) and, per segment, the
    stored fields of its first and last live document (its compound file's
    directory and stored-field tables): what a torn or truncated segment
    breaks first. Raises whatever Whoosh raises on a damaged file.
    """
    opened.doc_count()
    with opened.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            count = reader.doc_count_all()
            # Deleted documents keep their stored fields until a merge: read them too.
            for docnum in {n for n in (0, count - 1) if 0 <= n < count}:
                if "id" not in reader.stored_fields(docnum):
                    # An emptied stored-fields file reads back as empty documents.
                    raise ValueError(f"document {docnum} of a segment has lost its fields")
            # The term dictionary: the lexicon of a small field reads every block header.
            for _ in reader.lexicon("lang"):
                pass
    return opened


def _abandon(writer: IndexWriter) -> None:
    """Closes a writer whose commit failed and releases its lock, as far as it goes."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001  (half-committed: its state is unknown)
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            with contextlib.suppress(Exception):
                lock.release()


@contextlib.contextmanager
def _quiet_leaks() -> Iterator[None]:
    """Closes quietly the files Whoosh leaves open when reading a damaged index fails.

    Whoosh does not close a segment's files when reading it raises; they are
    closed when the exception is dropped (with a ResourceWarning each).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()


def _write_failure(folder: Path, error: OSError) -> LibraryError:
    """A user-facing error for an index that cannot be written (full disk, read-only)."""
    if error.errno == errno.ENOSPC:
        why = "the disk is full"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "the library folder is read-only"
    else:
        why = "it cannot be written"
    return LibraryError(
        f"cannot write the search index in {folder}: {why} ({error.strerror});"
        " the articles are saved in the database and are indexed when the library"
        " is next opened with room to write"
    )


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
        with _quiet_leaks():
            try:
                present = whoosh_index.exists_in(self.folder, INDEX_NAME)
            # A table of contents full of garbage fails even this test (Whoosh then
            # raises its own IndexError, "created on different architecture").
            except Exception as error:  # noqa: BLE001
                present = True
                log.debug("index in %s does not open: %s", self.folder, error)
        if present:
            if self._stored_version() == INDEX_VERSION:
                reason = ""
                # Twice: another program committing at this very moment can make
                # a first reading see a segment that it has just merged away.
                for attempt in range(2):
                    with _quiet_leaks():
                        try:
                            opened = _verified(
                                whoosh_index.open_dir(self.folder, indexname=INDEX_NAME)
                            )
                            if (self.folder / _INCOMPLETE_FILE).exists():
                                # Created empty, and the rebuild that was to fill it
                                # was cut off: searching it would miss articles.
                                log.warning(
                                    "the search index in %s was never filled; rebuilding it",
                                    self.folder,
                                )
                                self.needs_rebuild = True
                            return opened
                        # The index is derived data: whatever makes it unreadable (a
                        # torn file, a schema from another version), the cure is a rebuild.
                        except Exception as failure:  # noqa: BLE001
                            reason = str(failure) or type(failure).__name__
                    if attempt == 0:
                        time.sleep(0.2)
                self._refuse_if_written_elsewhere()
                log.warning(
                    "the search index in %s is damaged (%s); rebuilding it from the database",
                    self.folder,
                    reason,
                )
            else:
                log.info("index in %s has another layout; rebuilding", self.folder)
        else:
            log.info("no index in %s; creating one", self.folder)
        return self._create()

    def _refuse_if_written_elsewhere(self) -> None:
        """Raises LibraryError when another program holds the index's write lock.

        A damaged-looking index that a live program is writing is not rebuilt
        (deleting it would pull the files from under that program). Whoosh's
        lock is an OS file lock (fcntl/msvcrt), released by the OS when its
        holder dies, so a lock file left by a killed program never blocks.
        """
        lock = FileStorage(str(self.folder)).lock(f"{INDEX_NAME}_WRITELOCK")
        try:
            taken = lock.acquire(blocking=False)
        except OSError:
            return
        if not taken:
            raise LibraryError(
                f"the library is busy: another program is writing the search index in"
                f" {self.folder}; try again when it has finished"
            )
        lock.release()

    def _create(self) -> Index:
        self.needs_rebuild = True
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            created = whoosh_index.create_in(self.folder, make_schema(), indexname=INDEX_NAME)
            (self.folder / _VERSION_FILE).write_text(str(INDEX_VERSION), encoding="ascii")
            (self.folder / _INCOMPLETE_FILE).write_text(
                "created empty: rebuilt from the database when the library is opened\n",
                encoding="ascii",
            )
        except OSError as error:
            raise _write_failure(self.folder, error) from error
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

    def mark_complete(self) -> None:
        """Says the index holds every article (a library with none: nothing to rebuild)."""
        (self.folder / _INCOMPLETE_FILE).unlink(missing_ok=True)
        self.needs_rebuild = False

    def _writer(self, **options: object) -> IndexWriter:
        # Segments as separate files, not one compound file: Whoosh opens a
        # file inside a compound segment by copying it into memory (hundreds
        # of megabytes and most of a second per segment on a large library).
        options.setdefault("compound", False)
        if "procs" in options:
            options["subargs"] = {"compound": False, "limitmb": options.get("limitmb", 128)}
        return self._writer_of(self._index, **options)

    def _writer_of(self, index: Index, **options: object) -> IndexWriter:
        try:
            return index.writer(timeout=_WRITER_TIMEOUT, **options)
        except LockError as error:
            raise LibraryError(
                f"the library is busy: the search index in {self.folder} is locked by another"
                " program (is Archive Reader running elsewhere on this library?)"
            ) from error

    def apply(self, rows: Iterable[IndexRow], deleted: Iterable[int] = ()) -> None:
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
        self._commit(writer)

    def _commit(self, writer: IndexWriter) -> None:
        """Commits a writer; a full disk or read-only folder becomes a LibraryError."""
        failure: LibraryError | None = None
        try:
            writer.commit()
        except OSError as error:
            failure = _write_failure(self.folder, error)
        if failure is not None:
            # Outside the except block, and without the writer: a failed commit
            # leaves Whoosh's files open, to be closed here, not when the error
            # is finally dropped by whoever catches it.
            with _quiet_leaks():
                _abandon(writer)
                del writer
            raise failure

    def rebuild(self, batches: Iterable[list[IndexRow]], total: int) -> Iterator[int]:
        """Replaces the whole index with these documents; yields the count written.

        The new index is written in a folder beside the old one and put in its
        place only once it is complete: a rebuild that is cut off (killed, a
        full disk) leaves the old index as it was, never an empty one that
        searches would use. Large rebuilds use one writer process per core
        (Whoosh's multiprocess writer, each writing its own segment), which
        roughly doubles the rate on two cores.
        """
        # The current index's write lock is held throughout, so that no other
        # program adds to an index that is about to be replaced.
        lock = self._write_lock()
        try:
            yield from self._rebuild(batches, total)
        finally:
            lock.release()

    def _write_lock(self) -> LockBase:
        """Takes the current index's write lock (waiting for another writer a while)."""
        lock = FileStorage(str(self.folder)).lock(f"{INDEX_NAME}_WRITELOCK")
        deadline = time.monotonic() + _WRITER_TIMEOUT
        while not lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise LibraryError(
                    f"the library is busy: the search index in {self.folder} is locked by"
                    " another program (is Archive Reader running elsewhere on this library?)"
                )
            time.sleep(0.1)
        return lock

    def _rebuild(self, batches: Iterable[list[IndexRow]], total: int) -> Iterator[int]:
        staging = self.folder.with_name(_STAGING)
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir(parents=True)
            fresh = whoosh_index.create_in(staging, make_schema(), indexname=INDEX_NAME)
        except OSError as error:
            raise _write_failure(staging, error) from error
        cores = os.cpu_count() or 1
        options: dict[str, object] = {"limitmb": 1024, "compound": False}
        if total >= _PARALLEL_REBUILD and cores > 1:
            options.update(procs=min(cores, 4), multisegment=True)
            options["subargs"] = {"compound": False, "limitmb": 1024}
        writer = self._writer_of(fresh, **options)
        done = 0
        try:
            for batch in batches:
                for row in batch:
                    writer.add_document(**document(row))
                done += len(batch)
                yield done
        except BaseException:
            writer.cancel()
            fresh.close()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._commit(writer)
        try:
            (staging / _VERSION_FILE).write_text(str(INDEX_VERSION), encoding="ascii")
        except OSError as error:
            raise _write_failure(staging, error) from error
        fresh.close()
        self._swap_in(staging)
        self.needs_rebuild = False
        log.info("rebuilt the index of %d of %d articles", done, total)

    def _swap_in(self, staging: Path) -> None:
        """Puts a complete index folder in the place of the current one."""
        self._index.close()
        retired = self.folder.with_name(_RETIRED)
        shutil.rmtree(retired, ignore_errors=True)
        if self.folder.exists():
            os.replace(self.folder, retired)
        os.replace(staging, self.folder)
        shutil.rmtree(retired, ignore_errors=True)
        self._index = whoosh_index.open_dir(self.folder, indexname=INDEX_NAME)

    def article_ids(self) -> set[int]:
        """Every article id the index holds."""
        with self._index.searcher() as searcher:
            return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def close(self) -> None:
        """Closes the index."""
        self._index.close()


def write_queued(index: SearchIndex, storage: Storage, batch: int = 200) -> None:
    """Writes the index entries the database has queued, then forgets their queue rows.

    A queue row is deleted only after the index committed its entry, and only
    if it was not marked again meanwhile (that one stays, for the next call).
    Called under the library's lock.

    Args:
        index: The library's index.
        storage: The library's database.
        batch: Entries written per index commit.
    """
    db = storage.db
    done: set[tuple[int, str]] = set()
    while marks := [m for m in index_queue.pending_marks(db, batch) if m not in done]:
        pending = [article_id for article_id, _ in marks]
        rows = index_queue.index_rows(db, pending)
        present = {row.id for row in rows}
        index.apply(rows, [article_id for article_id in pending if article_id not in present])
        with storage.transaction():
            index_queue.clear_marks(db, marks)
        done.update(marks)


def rebuild_from(
    index: SearchIndex, storage: Storage, total: int, batch: int = 200
) -> Iterator[int]:
    """Rebuilds the whole index from the database; yields the count written.

    The queue is emptied afterwards: the new index holds every article.
    Called under the library's lock.
    """
    yield from index.rebuild(index_queue.iter_index_rows(storage.db, batch), total)
    with storage.transaction():
        index_queue.clear_pending(storage.db, storage.pending_index(limit=-1))
