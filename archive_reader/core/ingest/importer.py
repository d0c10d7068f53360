"""The import pipeline: read the capture -> decode -> extract -> identify the page -> store.

Each stage is a function that takes and returns data: :func:`read_capture`
(one hashed read of the file into the library), :func:`decode` (the pages in
it, decoded), :func:`extract` (the article of one page), :func:`identify` (new,
or a duplicate of which article and why) and :func:`store`. :class:`Importer`
runs them for one file; :func:`iter_import` for a whole import, with progress.

Each page is stored in one database transaction, after its original file is
safely in ``originals/``; so an import cut off at any point leaves a library
whose every article is whole, and running the same import again adds only
what is missing.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlite_utils

from archive_reader.core.db import articles, originals
from archive_reader.core.db.articles import ArticleRef, NewArticle, Reextracted
from archive_reader.core.db.storage import Storage, sha256_of
from archive_reader.core.errors import ArchiveError, ArticleNotFound, ImportFailure
from archive_reader.core.extraction.extractor import extract_article, extract_visible_text
from archive_reader.core.ingest.capture import CaptureCopy, keep_capture, read_capture
from archive_reader.core.ingest.finder import (
    Candidate,
    display_path,
    find_candidates,
    resolved_path,
)
from archive_reader.core.ingest.formats import MANY_PAGE_FORMATS, read_pages
from archive_reader.core.ingest.sources import Resource, SkippedRecord, SourcePage
from archive_reader.core.models import ExtractedArticle, ImportProgress, ImportResult, ImportStatus

log = logging.getLogger(__name__)

#: Bump when extraction changes enough that stored articles should be redone.
EXTRACTOR_VERSION = 1
RESOURCE_SCHEME = "resource:"
#: Imported articles whose entities are found and index entries written together.
IMPORT_BATCH = 200

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)
_WORD_RUN = re.compile(r"[^\W\d_]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DOCUMENT_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_IMPORTED_BEFORE = "this file was imported before"
#: The note of a page imported with its visible text.
NO_ARTICLE_KEPT = "no article found: the whole visible text was kept"
#: The reason a page of a multi-page crawl without an article stays out.
CRAWL_PAGE_LEFT_OUT = (
    "no article found on this page of a crawl: left out (import --all-pages takes it)"
)


def url_key(url: str | None) -> str | None:
    """A URL reduced to what identifies the page, for finding duplicates.

    Scheme, letter case of the host, default ports, fragments, trailing
    slashes and tracking parameters do not make a different page.
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    return urlunsplit(("", host, path, query, ""))


# What the stages hand on


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """The extract stage's result: a page's article, ready to identify and store.

    Attributes:
        article: What the extractor found.
        title: The title to store (the extractor's, or one made from the text).
        text: The text to store.
        note: Said in the import result ("" when all went well).
    """

    page: SourcePage
    article: ExtractedArticle
    title: str
    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class NoArticle:
    """The extract stage's result for a page without an article: why it is skipped."""

    reason: str


@dataclass(frozen=True, slots=True)
class PageIdentity:
    """What tells a page from the others: its record, and once extracted its text.

    Attributes:
        sha256: The hash of the file it is in.
        record_key: Which record of that file ("" for a file of one page).
        url_key: Its canonical URL reduced by :func:`url_key`, or None.
        title: Its title ("" before extraction).
        text_sha256: The hash of its text ("" before extraction).
    """

    sha256: str
    record_key: str
    url_key: str | None = None
    title: str = ""
    text_sha256: str = ""

    @classmethod
    def of(cls, capture: CaptureCopy, extracted: ExtractedPage) -> PageIdentity:
        """The identity of an extracted page of ``capture``."""
        return cls(
            capture.sha256,
            extracted.page.record_key,
            url_key(extracted.article.url),
            extracted.title,
            sha256_of(extracted.text.encode("utf-8")),
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The identify stage's answer: a new page, or the article it duplicates and why."""

    duplicate_of: ArticleRef | None = None
    why: str = ""


_NEW = Verdict()


# The stages


def decode(capture: CaptureCopy, origin: Path) -> Iterator[SourcePage | SkippedRecord]:
    """The pages of a capture, decoded to text, and the records it skips.

    Args:
        capture: The private copy read by :func:`read_capture`.
        origin: The file it was read from (a "complete" page's images are beside it).

    Raises:
        ImportFailure: The file cannot be read as a saved page.
    """
    return read_pages(capture.path, origin=origin)


def extract(
    page: SourcePage, path: Path, *, keep_visible: bool = True
) -> ExtractedPage | NoArticle:
    """The article of a page, or why it has none.

    A page that ends early may have lost its body; its title and summary are
    still worth keeping (with a note), and the original is kept to re-read later.

    A page the researcher saved on its own never vanishes: when no article is
    found on it, its whole visible text is kept instead, and the note says so.
    Only a page that shows no text at all has nothing to keep.

    Args:
        page: The decoded page.
        path: The file it came from (its name is the title of last resort).
        keep_visible: Keep the visible text of a page without an article; False
            for a page of a crawl, which then stays out with the reason.
    """
    if page.document is not None:
        # A document read whole (a PDF): its text is not extracted from markup,
        # and it is kept even without text (its pages are images), with the note.
        found = page.document
        title = found.title.strip() or _fallback_title("", path)
        return ExtractedPage(page, found, title, found.text, page.note)
    extracted = extract_article(page.html, url=page.url)
    text = extracted.text.strip()
    note = ""
    if not text and _is_cut_short(page.html) and extracted.title and extracted.description:
        text = extracted.description.strip()
        note = "the file ends early: imported its title and summary only"
    if not text and keep_visible:
        visible = extract_visible_text(page.html, url=page.url)
        if _is_readable(visible.text):
            extracted = visible
            text = visible.text.strip()
            note = NO_ARTICLE_KEPT
    if not text:
        if not keep_visible:
            return NoArticle(CRAWL_PAGE_LEFT_OUT)
        if not extracted.title:
            return NoArticle("no article found: the page has no title and no text")
        return NoArticle("no article text found on the page")
    title = extracted.title.strip() or (page.title or "").strip() or _fallback_title(text, path)
    return ExtractedPage(page, extracted, title, text, note)


def _is_readable(text: str) -> bool:
    """Tells text from binary bytes decoded as text (a damaged part): few control characters."""
    if not _WORD_RUN.search(text):
        return False
    return len(_CONTROL.findall(text)) <= len(text) // 100


def identify(db: sqlite_utils.Database, identity: PageIdentity) -> Verdict:
    """Whether a page is new, or which article it duplicates and why.

    The same file (or WARC record) imported before; else the same article
    saved twice (by two tools, or twice by one): the same text, under the
    same URL, or by title when one of them names no URL (a "complete" page,
    say, and a WARC record of the same article). Before extraction (no text
    hash yet) only the record is compared.
    """
    existing = articles.find_by_record(db, identity.sha256, identity.record_key)
    if existing is not None:
        return Verdict(existing, _IMPORTED_BEFORE)
    if not identity.text_sha256:
        return _NEW
    if identity.url_key is not None:
        same = articles.find_by_url_text(db, identity.url_key, identity.text_sha256)
        if same is not None:
            return Verdict(same, "same URL and text")
    same = articles.find_by_title_text(
        db, identity.title, identity.text_sha256, identity.url_key is not None
    )
    return Verdict(same, "same title and text") if same is not None else _NEW


def store(
    storage: Storage,
    path: Path,
    capture: CaptureCopy,
    extracted: ExtractedPage,
    identity: PageIdentity,
) -> ImportResult:
    """Keeps the page's images and original, then stores its article in one transaction.

    The files are written before the transaction, so that a row never names a
    file that is not there. Under the write lock the page is identified once
    more: another window or command may have imported it since.

    Returns:
        The imported result, or the duplicate found under the lock.
    """
    shown = display_path(path)
    page = extracted.page
    record_url = _record_url(page)
    clean_html, resources = keep_resources(storage, extracted.article.html, page)
    fmt = "complete" if page.format == "html" and resources else page.format
    keep_capture(storage, capture)
    found = extracted.article
    article = NewArticle(
        original_sha256=capture.sha256,
        record_key=page.record_key,
        source_path=display_path(resolved_path(path)),
        source_format=fmt,
        encoding=page.encoding,
        title=extracted.title,
        text=extracted.text,
        html=clean_html,
        url=found.url,
        url_key=identity.url_key,
        author=found.author,
        published=found.published,
        site_name=found.site_name,
        language=found.language,
        description=found.description,
        image=found.image,
        extractor_version=EXTRACTOR_VERSION,
        captured_at=page.captured_at,
    )
    try:
        with storage.transaction():
            verdict = identify(storage.db, identity)
            if verdict.duplicate_of is not None:
                raise _AlreadyImported(verdict)
            originals.record_original(
                storage.db, capture.sha256, capture.size, _media_type(fmt), display_path(path.name)
            )
            for resource_sha, (media_type, data_size, ref) in resources.items():
                originals.record_original(storage.db, resource_sha, data_size, media_type, ref)
            article_id = articles.insert_article(
                storage.db,
                article,
                {ref: (sha, media) for sha, (media, _, ref) in resources.items()},
            )
    except _AlreadyImported as already:
        return _duplicate_result(shown, already.verdict, record_url)
    return ImportResult(
        shown, ImportStatus.IMPORTED, extracted.note, article_id, extracted.title, record_url
    )


class _AlreadyImported(Exception):
    """Rolls back an import that found its duplicate under the write lock."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.why)
        self.verdict = verdict


def _duplicate_result(shown: str, verdict: Verdict, url: str | None) -> ImportResult:
    found = verdict.duplicate_of
    assert found is not None
    return ImportResult(
        shown,
        ImportStatus.DUPLICATE,
        f"duplicate of article {found.id}: {verdict.why}",
        found.id,
        found.title,
        url,
    )


def _record_url(page: SourcePage) -> str | None:
    """The URL an import result names: a WARC record's (one file holds many pages)."""
    return page.url if page.format in MANY_PAGE_FORMATS else None


# Running the stages


class Importer:
    """Imports files into one library's storage; the caller indexes afterwards."""

    def __init__(self, storage: Storage, *, all_pages: bool = False) -> None:
        """Imports into ``storage``.

        Args:
            storage: The library's storage.
            all_pages: Take every page of a crawl, those without an article too
                (with their visible text and a note), instead of leaving them out.
        """
        self._storage = storage
        self._all_pages = all_pages

    def import_file(self, candidate: Candidate) -> list[ImportResult]:
        """Imports every page of one file.

        Returns:
            One result per page (a WARC file may hold many), or one failed or
            skipped result for the file.
        """
        path = candidate.path
        shown = display_path(path)
        try:
            capture = read_capture(self._storage, path)
        except ImportFailure as error:
            return [ImportResult(shown, ImportStatus.FAILED, str(error))]
        results: list[ImportResult] = []
        # A WARC of one page is a page saved on its own; in a crawl of many, a
        # page without an article (a front page, a tag listing) stays out. Until
        # a second page shows up, the first one's fate is open.
        pages = 0
        pending: tuple[int, SourcePage] | None = None
        try:
            for page in decode(capture, path):
                if isinstance(page, SkippedRecord):
                    results.append(
                        ImportResult(shown, ImportStatus.SKIPPED, page.reason, url=page.url)
                    )
                    continue
                pages += 1
                crawl = page.format in MANY_PAGE_FORMATS
                result = self._import_page(
                    path, capture, page, keep_visible=self._all_pages or not crawl
                )
                if crawl and pages == 1 and result.reason == CRAWL_PAGE_LEFT_OUT:
                    pending = (len(results), page)
                results.append(result)
            if pending is not None and pages == 1:
                at, page = pending
                results[at] = self._import_page(path, capture, page, keep_visible=True)
        except ImportFailure as error:
            results.append(ImportResult(shown, ImportStatus.FAILED, str(error)))
        except RecursionError:
            results.append(
                ImportResult(shown, ImportStatus.FAILED, "the page is nested too deeply to read")
            )
        finally:
            capture.path.unlink(missing_ok=True)
        return results

    def _import_page(
        self, path: Path, capture: CaptureCopy, page: SourcePage, *, keep_visible: bool
    ) -> ImportResult:
        shown = display_path(path)
        db = self._storage.db
        # The record alone first: a file imported before is not extracted again for nothing.
        verdict = identify(db, PageIdentity(capture.sha256, page.record_key))
        if verdict.duplicate_of is None:
            extracted = extract(page, path, keep_visible=keep_visible)
            if isinstance(extracted, NoArticle):
                return ImportResult(
                    shown, ImportStatus.SKIPPED, extracted.reason, url=_record_url(page)
                )
            identity = PageIdentity.of(capture, extracted)
            verdict = identify(db, identity)
            if verdict.duplicate_of is None:
                return store(self._storage, path, capture, extracted, identity)
        return _duplicate_result(shown, verdict, _record_url(page))

    def reextract(
        self,
        article_id: int,
        within: Callable[[int, str, str], object] | None = None,
    ) -> tuple[str, str]:
        """Extracts an article again from its stored original, with the current extractor.

        The article keeps its id, tags, notes and highlights; its text, html
        and metadata are replaced, and it is queued for the index.

        Args:
            article_id: The article.
            within: Called with (article id, old text, new text) inside the
                transaction that writes the new text (to place highlights again),
                so that both are written or neither.

        Returns:
            The old text and the new text.

        Raises:
            ArticleNotFound: No such article.
            ImportFailure: The original is missing or no longer yields an article
                (then nothing is changed).
        """
        storage = self._storage
        source = articles.extraction_source(storage.db, article_id)
        if source is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        old_text = source.text
        path = storage.original_file(source.original_sha256)
        if not path.is_file():
            raise ImportFailure(f"the original of article {article_id} is missing: {path}")
        page = next(
            (
                item
                for item in read_pages(path)
                if isinstance(item, SourcePage) and item.record_key == source.record_key
            ),
            None,
        )
        if page is None:
            raise ImportFailure(f"article {article_id} is no longer found in its original file")
        found_in_file = page.find_resource

        def find(ref: str) -> Resource | None:
            # A "complete" page's images were kept when it was imported; its
            # folder is not beside the stored original.
            kept = articles.resource(storage.db, article_id, ref)
            if kept is not None:
                return Resource(storage.original_file(kept[0]).read_bytes(), kept[1])
            return found_in_file(ref)

        page.find_resource = find
        extracted = page.document or extract_article(page.html, url=page.url)
        text = extracted.text.strip()
        if not text:
            # It was imported, so it was kept with its visible text if need be.
            extracted = extract_visible_text(page.html, url=page.url)
            text = extracted.text.strip()
        if not text:
            raise ImportFailure(
                f"extracting article {article_id} again found no text; it is left as it was"
            )
        clean_html, resources = keep_resources(storage, extracted.html, page)
        with storage.transaction():
            for resource_sha, (media_type, data_size, ref) in resources.items():
                originals.record_original(storage.db, resource_sha, data_size, media_type, ref)
            articles.update_extraction(
                storage.db,
                article_id,
                Reextracted(
                    title=extracted.title.strip() or _fallback_title(text, path),
                    text=text,
                    html=clean_html,
                    url=extracted.url,
                    url_key=url_key(extracted.url),
                    author=extracted.author,
                    published=extracted.published,
                    site_name=extracted.site_name,
                    language=extracted.language,
                    description=extracted.description,
                    image=extracted.image,
                    extractor_version=EXTRACTOR_VERSION,
                ),
                {ref: (sha, media) for sha, (media, _, ref) in resources.items()},
            )
            if within is not None:
                within(article_id, old_text, text)
        return old_text, text


def iter_import(
    importer: Importer,
    paths: Iterable[str | Path],
    lock: threading.RLock,
    settle: Callable[[list[int]], None],
    cancel: Callable[[], bool] | None = None,
) -> Iterator[ImportProgress]:
    """Imports files and folders (recursively), yielding progress after each result.

    Args:
        importer: Imports each file.
        paths: Files and folders to import.
        lock: Held while a file is imported (the library's lock).
        settle: Called with the ids of the articles imported, every
            :data:`IMPORT_BATCH` of them and at the end (even when the import
            stops early), to find their entities and write their index entries.
        cancel: Called between files; when it returns True the import stops
            after the current file. What was imported stays imported.

    Yields:
        An ImportProgress for each result (a WARC file gives one per page).
    """
    started = time.monotonic()
    candidates, missing = find_candidates(paths)
    total = len(candidates) + len(missing)
    done = 0
    for result in missing:
        done += 1
        yield ImportProgress(done, total, result.path, result, time.monotonic() - started)
    fresh: list[int] = []
    try:
        for candidate in candidates:
            if cancel is not None and cancel():
                log.info("import cancelled after %d of %d files", done, total)
                break
            with lock:
                results = importer.import_file(candidate)
            done += 1
            for result in results:
                if result.status is ImportStatus.IMPORTED and result.article_id is not None:
                    fresh.append(result.article_id)
                yield ImportProgress(
                    done, total, display_path(candidate.path), result, time.monotonic() - started
                )
            if len(fresh) >= IMPORT_BATCH:
                settle(fresh)
                fresh = []
    finally:
        settle(fresh)


def iter_reextract(
    importer: Importer,
    article_ids: list[int],
    lock: threading.RLock,
    within: Callable[[int, str, str], object],
    scan: Callable[[list[int]], object],
    flush: Callable[[], None],
) -> Iterator[tuple[int, int, str]]:
    """Extracts articles again from their originals, yielding progress after each.

    Args:
        importer: Extracts each article (:meth:`Importer.reextract`).
        article_ids: The articles.
        lock: Held while an article is extracted and written (the library's lock).
        within: Called inside each article's transaction with (article id, old
            text, new text): highlights and marked mentions move with the text.
        scan: Called (under the lock) with an article re-extracted, to find its
            entities again.
        flush: Writes the index entries, every :data:`IMPORT_BATCH` articles
            and at the end.

    Yields:
        (done, total, message) after each article; the message names the
        article and says what went wrong ("" when all went well).
    """
    for done, article_id in enumerate(article_ids, 1):
        message = ""
        with lock:
            try:
                importer.reextract(article_id, within)
            except ArchiveError as error:
                message = f"article {article_id}: {error}"
            else:
                scan([article_id])
        yield done, len(article_ids), message
        if done % IMPORT_BATCH == 0:
            flush()
    flush()


def keep_resources(
    storage: Storage, clean_html: str, page: SourcePage
) -> tuple[str, dict[str, tuple[str, int, str]]]:
    """Stores the images the article shows; points their src at the stored copy.

    Images that were not saved with the page are removed: the reader never
    fetches anything from the network.

    Returns:
        The html with ``src="resource:<sha256>"``, and sha256 -> (media type,
        size, reference as written in the page).
    """
    kept: dict[str, tuple[str, int, str]] = {}

    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _IMG_SRC.search(tag)
        if src is None:
            return ""
        ref = html_lib.unescape(src.group(3)).strip()
        resource = page.find_resource(ref) if ref else None
        if resource is None:
            return ""
        sha = sha256_of(resource.data)
        originals.keep_original(storage, resource.data, sha)
        kept[sha] = (resource.media_type, len(resource.data), ref)
        return _IMG_SRC.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{RESOURCE_SCHEME}{sha}{m.group(2)}", tag, 1
        )

    return _IMG_TAG.sub(replace, clean_html), kept


def _media_type(fmt: str) -> str:
    return {
        "mhtml": "multipart/related",
        "warc": "application/warc",
        "wacz": "application/wacz",
        "webarchive": "application/x-webarchive",
        "html.gz": "application/gzip",
        "pdf": "application/pdf",
    }.get(fmt, "text/html")


def _is_cut_short(html: str) -> bool:
    """True when a page's markup stops before its end (no closing body or html tag)."""
    return _DOCUMENT_END.search(html[-4096:]) is None


def _fallback_title(text: str, path: Path) -> str:
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first) <= 120:
        return first
    return display_path(path.stem)
