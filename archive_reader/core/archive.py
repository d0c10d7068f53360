"""Archive: one facade over a library's storage, originals and search index."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from archive_reader.core.db import articles, facets, listing, originals, saved_searches
from archive_reader.core.db.storage import DATABASE_NAME, ORIGINALS_DIR, Storage
from archive_reader.core.errors import ArchiveError, ArticleNotFound, LibraryError
from archive_reader.core.export.exporter import Exporter
from archive_reader.core.extraction.extractor import extract_article
from archive_reader.core.ingest import importer
from archive_reader.core.ingest.formats import read_pages
from archive_reader.core.ingest.importer import RESOURCE_SCHEME, Importer
from archive_reader.core.ingest.sources import SourcePage
from archive_reader.core.library import LibraryHandle, default_library_path
from archive_reader.core.maintenance.backup import BackupReport, restore_library
from archive_reader.core.maintenance.upkeep import Maintenance
from archive_reader.core.models import (
    Article,
    ArticleFilter,
    ArticleSummary,
    ExtractedArticle,
    Facet,
    ImportProgress,
    ImportResult,
    LibraryOverview,
    Progress,
    SavedSearchRun,
    SearchHit,
    SearchResults,
)
from archive_reader.core.search.engine import Found, SearchEngine
from archive_reader.core.search.facets import FacetTable
from archive_reader.core.search.index import SearchIndex, rebuild_from, write_queued

if TYPE_CHECKING:
    from archive_reader.core.annotations.highlights import Annotations
    from archive_reader.core.entities.catalog import EntityCatalog

log = logging.getLogger(__name__)

_INDEX_BATCH = 200


class Archive:
    """One library folder: database, originals and index.

    Use ``Archive.open(path)``; close it (or use it as a context manager) when
    done. Methods may be called from any thread: they are serialised by a
    lock. Long jobs (``iter_import``, ``reindex``) should run on their own
    ``Archive`` instance so that reads are not held up.
    """

    def __init__(self, path: Path, storage: Storage, index: SearchIndex) -> None:
        self.path = path
        self._storage = storage
        self._index = index
        self._engine = SearchEngine(index.index, storage.entity_ids_named)
        self._lock = threading.RLock()
        self._facets: FacetTable | None = None
        self._changes = 0
        self._handle = LibraryHandle(storage, self._lock, self._flush_index, path)
        self._entities: EntityCatalog | None = None
        self._annotations: Annotations | None = None

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        progress: Callable[[Progress], None] | None = None,
        rebuild_index: bool = True,
    ) -> Archive:
        """Opens the library at ``path``, creating it if missing.

        Args:
            path: The library folder; None means :func:`default_library_path`.
            progress: Called while a missing or damaged index is rebuilt.
            rebuild_index: Rebuild a missing or damaged index now. A window
                passes False, then runs :meth:`reindex` in the background
                when :attr:`index_needs_rebuild` says so.

        Returns:
            The open archive. Index work left over from an interrupted session
            is finished first; a missing or damaged index is rebuilt.

        Raises:
            LibraryError: The folder cannot be created or read.
        """
        folder = Path(path).expanduser() if path is not None else default_library_path()
        if folder.exists() and not folder.is_dir():
            raise LibraryError(f"{folder} is a file, not a library folder")
        _refuse_a_lost_database(folder)
        storage = Storage(folder)
        try:
            index = SearchIndex(folder)
        except BaseException:
            storage.close()
            raise
        archive = cls(folder, storage, index)
        if index.needs_rebuild and storage.count():
            if rebuild_index:
                log.warning("rebuilding the search index of %s from the database", folder)
                for step in archive.reindex():
                    if progress is not None:
                        progress(step)
        else:
            index.mark_complete()
            archive._flush_index()
        return archive

    @staticmethod
    def exists(path: str | Path | None = None) -> bool:
        """Tells whether ``path`` (None: the default library) holds a library; opens nothing.

        A folder whose database is gone but whose saved originals are there
        holds one too (a damaged one, which :meth:`open` reports).
        """
        folder = Path(path).expanduser() if path is not None else default_library_path()
        originals = folder / ORIGINALS_DIR
        return (folder / DATABASE_NAME).is_file() or (
            originals.is_dir() and any(originals.iterdir())
        )

    @staticmethod
    def restore(backup: str | Path, target: str | Path, force: bool = False) -> BackupReport:
        """Makes a library from a backup folder; see :func:`backup.restore_library`.

        Raises:
            LibraryError: The backup is incomplete or damaged, or the target is taken.
        """
        return restore_library(backup, target, force=force)

    @staticmethod
    def extract_file(path: str | Path) -> list[tuple[str | None, ExtractedArticle]]:
        """Extracts the articles of a saved file without importing it.

        Returns:
            Each page's address (None when the file names none) and its article.

        Raises:
            ImportFailure: The file cannot be read as saved pages.
        """
        pages = [page for page in read_pages(Path(path)) if isinstance(page, SourcePage)]
        return [(page.url, extract_article(page.html, url=page.url)) for page in pages]

    @property
    def index_needs_rebuild(self) -> bool:
        """True when the index was missing or damaged and is not rebuilt yet."""
        return self._index.needs_rebuild

    def close(self) -> None:
        """Closes the database and the index."""
        with self._lock:
            self._engine.close()
            self._index.close()
            self._storage.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Import

    def iter_import(
        self,
        paths: Iterable[str | Path],
        cancel: Callable[[], bool] | None = None,
        *,
        all_pages: bool = False,
    ) -> Iterator[ImportProgress]:
        """Imports files and folders (recursively), yielding progress after each result.

        Args:
            paths: Files and folders to import.
            cancel: Called between files; when it returns True the import stops
                after the current file. What was imported stays imported.
            all_pages: Take every page of a crawl (a WARC or WACZ of many pages),
                those without an article too, with their visible text and a
                note; by default such pages stay out, each named with its reason.

        Yields:
            An ImportProgress for each result (a WARC file gives one per page).
        """
        yield from importer.iter_import(
            Importer(self._storage, all_pages=all_pages), paths, self._lock, self._settle, cancel
        )

    def _settle(self, article_ids: list[int]) -> None:
        """Finds the known entities in newly imported articles, then writes the index."""
        if article_ids:
            self.entities.scan_articles(article_ids)
        self._flush_index()

    def import_paths(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[ImportProgress], None] | None = None,
        *,
        all_pages: bool = False,
    ) -> list[ImportResult]:
        """Imports files and folders; returns one result per file (or WARC page).

        Args:
            paths: Files and folders to import.
            progress: Called with each ImportProgress, e.g. to draw a progress bar.
            all_pages: Take every page of a crawl (see ``iter_import``).
        """
        results = []
        for step in self.iter_import(paths, all_pages=all_pages):
            if progress is not None:
                progress(step)
            if step.result is not None:
                results.append(step.result)
        return results

    def reextract(self, article_ids: Iterable[int] | None = None) -> Iterator[tuple[int, int, str]]:
        """Extracts articles again from their stored originals with the current extractor.

        Highlights are placed again on the new text (those that cannot be
        placed are kept as orphans), mentions marked or rejected by hand follow
        their words, and the other entity mentions are found again.

        Args:
            article_ids: The articles; None for all.

        Yields:
            (done, total, message) after each article; the message names the
            article and says what happened ("" when all went well).
        """
        with self._lock:
            ids = sorted(self._storage.article_ids()) if article_ids is None else list(article_ids)
        yield from importer.iter_reextract(
            Importer(self._storage),
            ids,
            self._lock,
            self._reanchor,
            lambda scanned: self.entities.scan_articles(scanned),
            self._flush_index,
        )

    def _reanchor(self, article_id: int, old_text: str, new_text: str) -> None:
        """Places highlights and marked mentions again on a re-extracted text."""
        self.annotations.reanchor(article_id, old_text, new_text)
        self.entities.reanchor(article_id, old_text, new_text)

    # Reading

    def get(self, article_id: int) -> Article:
        """Returns one article.

        Raises:
            ArticleNotFound: No article has this id.
        """
        with self._lock:
            found = articles.article(self._storage.db, article_id)
        if found is None:
            raise ArticleNotFound(f"no article with id {article_id} in {self.path}")
        return found

    def list_articles(
        self,
        offset: int = 0,
        limit: int | None = None,
        order: str = "imported",
        descending: bool | None = None,
        filter: ArticleFilter | None = None,
    ) -> list[ArticleSummary]:
        """Articles for a list, without their text, sorted and filtered by the database.

        Args:
            offset: Rows to skip.
            limit: Most rows to return; None for all.
            order: "imported", "published", "title", "site", "author", "words" or "id".
            descending: Reverse the order's natural direction (dates and word
                counts run newest/largest first, names A to Z) when given.
            filter: Which articles to show; None for all.
        """
        with self._lock:
            return listing.summaries(
                self._storage.db, offset, limit, order, descending, self._where(filter)
            )

    def _where(self, filter: ArticleFilter | None) -> tuple[str, list[object]]:
        if filter is None:
            return "", []
        return listing.filter_sql(
            tag=filter.tag,
            site=filter.site,
            entity_id=filter.entity_id,
            language=filter.language,
            with_notes=filter.with_notes,
            orphaned=filter.orphaned,
            ids=filter.ids,
        )

    def count_articles(self, filter: ArticleFilter | None = None) -> int:
        """How many articles a filter keeps (all articles without one)."""
        with self._lock:
            return listing.count_where(self._storage.db, self._where(filter))

    def overview(self) -> LibraryOverview:
        """Counts for the window's sidebar: tags, sites, entities by type, saved searches."""
        # A connection of its own: a second on 100,000 articles, and the window
        # must not wait for it.
        with self._storage.reader() as connection:
            return facets.overview(connection)

    def disk_usage(self) -> int:
        """The bytes the library takes on disk (database, index, originals, backups).

        Reads on a connection of its own: no lock, so the window's other
        requests never wait for it.
        """
        return originals.disk_usage(self._storage)

    def delete_articles(self, article_ids: Iterable[int]) -> int:
        """Deletes articles with their tags, highlights and mentions.

        The original files stay in the library (importing one again brings its
        article back).

        Returns:
            How many articles were deleted.
        """
        ids = sorted(set(article_ids))
        with self._lock:
            with self._storage.transaction():
                deleted = articles.delete_articles(self._storage.db, ids)
            self._flush_index()
        return deleted

    def count(self) -> int:
        """The number of articles in the library."""
        with self._lock:
            return self._storage.count()

    def resource(self, article_id: int, ref: str) -> tuple[bytes, str] | None:
        """The bytes and media type of an image the article's html refers to.

        Args:
            article_id: The article.
            ref: The img src as written in ``Article.html`` (``resource:<sha256>``)
                or in the original page.

        Returns:
            (bytes, media type), or None when no such image was kept.
        """
        sha = ref[len(RESOURCE_SCHEME) :] if ref.startswith(RESOURCE_SCHEME) else ""
        with self._lock:
            found = articles.resource(self._storage.db, article_id, ref, sha)
        if found is None:
            return None
        try:
            return self._storage.original_file(found[0]).read_bytes(), found[1]
        except OSError as error:
            log.warning("resource %s of article %d is missing: %s", found[0], article_id, error)
            return None

    def original_path(self, article_id: int) -> Path:
        """The stored original file the article was imported from (byte for byte)."""
        return self._storage.original_file(self.get(article_id).original_sha256)

    # Search and upkeep

    def search(
        self, query: str, limit: int = 20, offset: int = 0, order: str = "relevance"
    ) -> SearchResults:
        """Searches the library.

        Args:
            query: The query language: words (all must match), "exact
                phrases", AND / OR / NOT, -word, parentheses; fields title:,
                site:, author:, tag:, entity:, lang:, note:, label:; dates
                date:2024, date:2023-01..2024-06, date:>2023-05-01 (saved: for
                the import date); prefix tikt* and fuzzy propoganda~.
            limit: Hits per page.
            offset: Hits to skip, for the next pages.
            order: "relevance" (BM25F, titles weigh more), "newest" or "oldest".

        Returns:
            One page of hits, each with a snippet, the total count, and a notice
            when the query did not parse and was searched as plain words. A
            query of plain words that fewer than a page of articles hold all of
            is followed by the articles that hold some of them, best first,
            marked ``exact=False`` (``partial_total``, ``partial_notice``).
        """
        with self._lock:
            found = self._engine.search(query, limit=limit, offset=offset, order=order)
            rows = articles.hit_rows(self._storage.db, [article_id for article_id, _ in found.hits])
        hits = []
        for article_id, score in found.hits:
            row = rows.get(article_id)
            if row is None:
                log.warning("index has article %d that the database does not", article_id)
                continue
            hits.append(
                SearchHit(
                    article_id=article_id,
                    title=row.title,
                    score=score,
                    snippet=found.highlighter.snippet(row.text, row.language),
                    site_name=row.site_name,
                    published=row.published,
                    url=row.url,
                    exact=article_id not in found.partial,
                )
            )
        return SearchResults(
            hits,
            found.total,
            found.notice,
            query,
            offset,
            found.total_exact,
            partial_total=found.partial_total,
            partial_notice=_partial_notice(found),
        )

    def warm_up(self) -> None:
        """Prepares search (opens the index's searcher, reads its columns).

        The first search does this by itself; a window calls it in the
        background after opening a large library, so that the first query
        typed (and its facet counts) is as quick as the next ones.
        """
        with self._lock:
            self._engine.warm_up()
        self._facet_table()

    def matching_ids(self, query: str) -> list[int]:
        """The ids of every article a query matches, in no particular order."""
        with self._lock:
            return [int(i) for i in self._engine.matching_ids(query)]

    @property
    def entities(self) -> EntityCatalog:
        """The entity catalogue: entities, aliases, mentions, suggestions, co-occurrence."""
        with self._lock:
            if self._entities is None:
                from archive_reader.core.entities.catalog import EntityCatalog

                self._entities = EntityCatalog(self._handle)
            return self._entities

    @property
    def annotations(self) -> Annotations:
        """Highlights, labels, article tags and notes."""
        with self._lock:
            if self._annotations is None:
                from archive_reader.core.annotations.highlights import Annotations

                self._annotations = Annotations(self._handle)
            return self._annotations

    @property
    def export(self) -> Exporter:
        """Exports articles, highlights, citations and entity graphs (see core.export)."""
        return Exporter(self._handle, self.matching_ids)

    @property
    def maintenance(self) -> Maintenance:
        """Checks, repairs and backs up the library (see core.maintenance)."""
        return Maintenance(self._handle, self._index, self.reindex)

    def facets(self, query: str, limit: int = 10) -> dict[str, list[Facet]]:
        """Counts of the articles a query matches, by site, tag, entity, language and year.

        Args:
            query: The query (as for :meth:`search`; "" for the whole library).
            limit: Most values per facet, the most frequent first.

        Returns:
            Facet name ("site", "tag", "entity", "lang", "year") -> values, each
            with its count and the query term that narrows the result to it.
        """
        with self._lock:
            ids = self._engine.matching_ids(query)
        counts = self._facet_table().count(ids, limit)
        return {
            facet: [Facet(value, count, _facet_key(facet, value)) for value, count in values]
            for facet, values in counts.items()
        }

    def _facet_table(self) -> FacetTable:
        """Every article's facet values, built when first needed after a change."""
        with self._lock:
            table = self._facets
            changes = self._changes
        if table is None:
            # Built on a connection of its own, outside the lock (a few hundred
            # milliseconds on 100,000 articles), then kept until the library changes.
            with self._storage.reader() as connection:
                table = FacetTable(facets.facet_rows(connection))
            with self._lock:
                if self._changes == changes:  # not built from a snapshot already old
                    self._facets = table
        return table

    # Saved searches

    def save_search(self, name: str, query: str) -> None:
        """Saves a query under a name, as a standing research question."""
        name = name.strip()
        if not name:
            raise ArchiveError("a saved search needs a name")
        with self._lock, self._storage.transaction():
            saved_searches.save(self._storage.db, name, query)

    def saved_searches(self) -> list[dict[str, object]]:
        """The saved searches: name, query, created_at, last_run_at."""
        with self._lock:
            rows = saved_searches.saved_searches(self._storage.db)
        return [
            {
                "name": row.name,
                "query": row.query,
                "created_at": row.created_at,
                "last_run_at": row.last_run_at,
            }
            for row in rows
        ]

    def delete_saved_search(self, name: str) -> None:
        """Forgets a saved search.

        Raises:
            ArchiveError: There is no saved search of that name.
        """
        with self._lock:
            with self._storage.transaction():
                deleted = saved_searches.delete(self._storage.db, name)
            if not deleted:
                raise ArchiveError(f"no saved search is called {name!r}")

    def run_saved_search(self, name: str, limit: int = 20) -> SavedSearchRun:
        """Runs a saved search again and tells what is new since its last run and what is gone.

        Raises:
            ArchiveError: There is no saved search of that name.
        """
        with self._lock:
            saved = saved_searches.saved_search(self._storage.db, name)
            if saved is None:
                raise ArchiveError(f"no saved search is called {name!r}")
            query = saved.query
            results = self.search(query, limit=limit)
            now_ids = np.unique(self._engine.matching_ids(query))
            old_ids = saved.found_last()
            if old_ids is not None:
                new_ids = np.setdiff1d(now_ids, old_ids)
                gone_ids = np.setdiff1d(old_ids, now_ids)
            else:
                new_ids = now_ids
                gone_ids = np.zeros(0, dtype=np.int64)
            with self._storage.transaction():
                saved_searches.record_run(self._storage.db, name, now_ids)
        return SavedSearchRun(
            name=saved.name,
            query=query,
            results=results,
            new_ids=[int(i) for i in new_ids],
            gone_ids=[int(i) for i in gone_ids],
            last_run_at=saved.last_run_at,
        )

    def _flush_index(self) -> None:
        """Writes the index entries the database has queued.

        Managers call it after every change, so it also forgets the facet
        counts' table (a renamed entity changes no index entry, but its facet).
        """
        with self._lock:
            self._facets = None
            self._changes += 1
            write_queued(self._index, self._storage, _INDEX_BATCH)

    def reindex(self) -> Iterator[Progress]:
        """Rebuilds the whole index from the database, yielding progress."""
        with self._lock:
            total = self._storage.count()
            yield Progress(0, total, "rebuilding the search index")
            self._engine.close()
            for done in rebuild_from(self._index, self._storage, total, _INDEX_BATCH):
                yield Progress(done, total, "rebuilding the search index")
            self._engine = SearchEngine(self._index.index, self._storage.entity_ids_named)
            self._facets = None
            yield Progress(total, total, "done")

    def check(self) -> list[str]:
        """Compares the database, the originals and the index (without hashing originals).

        Returns:
            One line per problem found; an empty list when all agree. The
            full report, with notes and hashes, is ``maintenance.check()``.
        """
        report = self.maintenance.check(verify_hashes=False)
        return [finding.message for finding in report.findings if finding.problem]

    def stats(self) -> dict[str, object]:
        """Counts: articles, sites, languages, formats, originals, words."""
        with self._lock:
            data: dict[str, object] = dataclasses.asdict(facets.stats(self._storage.db.conn))
        data["library"] = str(self.path)
        return data


def _facet_key(facet: str, value: str) -> str:
    if facet == "year":
        return f"date:{value}"
    if facet == "lang":
        return f"lang:{value}"
    escaped = value.replace('"', " ")
    return f'{facet}:"{escaped}"'


def _partial_notice(found: Found) -> str:
    """The line above partial hits: "No article has all 9 words; 214 have some of them..."."""
    if not found.partial_total:
        return ""
    some = f"{found.partial_total:,} {'has' if found.partial_total == 1 else 'have'} some of them"
    if found.total == 0:
        return f"No article has all {found.words} words; {some}, best first."
    holds = "article has" if found.total == 1 else "articles have"
    return f"{found.total:,} {holds} all {found.words} words; {some}, best first."


def _refuse_a_lost_database(folder: Path) -> None:
    """Raises LibraryError for a library whose database file is gone but whose originals are not.

    Opening it would start an empty library in its place, and a repair would
    then wipe the index: the last copy of the texts besides the originals.
    """
    if (folder / DATABASE_NAME).exists():
        return
    originals = folder / ORIGINALS_DIR
    if originals.is_dir() and any(originals.iterdir()):
        raise LibraryError(
            f"the database of the library in {folder} ({DATABASE_NAME}) is missing, though"
            f" its saved originals are there: nothing was changed. Put the database back"
            f" (from a backup: archive-reader restore BACKUP --library {folder} --force), or import"
            f" the originals into a new library"
        )
