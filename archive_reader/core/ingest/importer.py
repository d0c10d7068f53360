"""Import: find saved pages, recognise duplicates, extract, store.

Each page is stored in one database transaction, after its original file is
safely in ``originals/``; so an import cut off at any point leaves a library
whose every article is whole, and running the same import again adds only
what is missing.

A file is read exactly once, into a private copy inside the library, hashed on
the way; the pages are parsed from that copy and it becomes the stored
original. So the original kept, its hash and the article extracted from it
always agree, even when the file changes while it is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from archive_reader.core.db.storage import NewArticle, Storage, sha256_of
from archive_reader.core.errors import ArticleNotFound, ImportFailure
from archive_reader.core.extraction.extractor import extract_article
from archive_reader.core.ingest.formats import (
    Resource,
    SkippedRecord,
    SourcePage,
    is_page_name,
    read_pages,
    sniff_format,
)
from archive_reader.core.models import ImportResult, ImportStatus

log = logging.getLogger(__name__)

#: Bump when extraction changes enough that stored articles should be redone.
EXTRACTOR_VERSION = 1
RESOURCE_SCHEME = "resource:"

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)
_CHUNK = 1024 * 1024
# A file that changes while it is copied is read again, this many times in all.
_READ_ATTEMPTS = 3
_DOCUMENT_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


@dataclass(slots=True)
class Candidate:
    """A file to import, and whether the user named it directly."""

    path: Path
    explicit: bool


def find_candidates(paths: Iterable[str | Path]) -> tuple[list[Candidate], list[ImportResult]]:
    """Expands files and folders into the files to import.

    Folders are walked recursively in name order. Inside folders, a file is
    taken when its name or its first bytes say it is a saved page; other files
    (the images and stylesheets of "complete" pages) are left to the pages
    that use them. Subframe pages that Chrome saves inside a page's
    ``Name_files/`` folder are not articles and are left out too.

    Returns:
        The candidates, and a failed result for each path that does not exist.
    """
    found: list[Candidate] = []
    missing: list[ImportResult] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in _walk(path):
                key = _identity(child)
                if key not in seen:
                    seen.add(key)
                    found.append(Candidate(child, explicit=False))
        elif os.path.lexists(path):
            # A file, or something that only looks like one (a named pipe, a
            # symbolic link in a loop): importing it says what is wrong.
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                found.append(Candidate(path, explicit=True))
        else:
            missing.append(
                ImportResult(display_path(path), ImportStatus.FAILED, "no such file or folder")
            )
    return found, missing


def display_path(path: str | Path) -> str:
    r"""A path as text that can always be printed and stored.

    File names are bytes on POSIX systems; bytes that are not UTF-8 come out of
    ``os.fsdecode`` as lone surrogates, which neither a terminal, JSON nor SQLite
    accept. They are shown as ``\xNN`` escapes instead.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        # A symbolic link loop (RuntimeError before Python 3.13).
        return path.absolute()


def _walk(folder: Path) -> Iterator[Path]:
    """The pages in a folder and its subfolders, in name order.

    Symbolic links to folders are not followed (``os.walk``'s default), so a
    link loop cannot make the walk go round; links to files are taken like
    files. Named pipes, devices and sockets are never opened: reading a pipe
    would wait forever. One named like a page is still listed, so that the
    import reports it.
    """
    for root, dirs, files in os.walk(folder, onerror=_walk_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        if _is_resource_folder(here):
            continue
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            if is_page_name(path) or (path.is_file() and _sniffs_as_page(path)):
                yield path


def _walk_error(error: OSError) -> None:
    log.warning("cannot list the folder %s: %s", error.filename, error.strerror or error)


def _is_resource_folder(folder: Path) -> bool:
    """True for Chrome's ``Name_files`` folder beside a saved ``Name.html``."""
    if not folder.name.endswith("_files"):
        return False
    stem = folder.name[: -len("_files")]
    return any((folder.parent / f"{stem}{suffix}").exists() for suffix in (".html", ".htm"))


def _sniffs_as_page(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    return sniff_format(head) is not None


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


@dataclass(slots=True)
class _Copy:
    """A file read once into the library: the private copy, its hash and size."""

    path: Path
    sha256: str
    size: int


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _take_copy(storage: Storage, path: Path) -> _Copy:
    """Reads a file once into a private copy in the library, hashing it on the way.

    Raises:
        ImportFailure: The file cannot be opened or read, is not a regular file,
            or keeps changing while it is read.
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(_READ_ATTEMPTS):
        try:
            source = os.open(path, flags)
        except OSError as error:
            raise ImportFailure(f"cannot read the file: {_reason(error)}") from error
        try:
            before = os.fstat(source)
            if stat.S_ISDIR(before.st_mode):
                raise ImportFailure("cannot read the file: it is a folder")
            if not stat.S_ISREG(before.st_mode):
                raise ImportFailure(
                    "cannot read the file: not a regular file (a named pipe, device or socket)"
                )
            copy = _copy_from(storage, source, before.st_size)
            after = os.fstat(source)
        except OSError as error:
            raise ImportFailure(f"cannot read the file: {_reason(error)}") from error
        finally:
            os.close(source)
        unchanged = after.st_mtime_ns == before.st_mtime_ns
        if unchanged and after.st_size == before.st_size == copy.size:
            return copy
        copy.path.unlink(missing_ok=True)
        log.info("%s changed while it was read; reading it again", display_path(path))
    raise ImportFailure("the file kept changing while it was read (is it still being saved?)")


def _copy_from(storage: Storage, source: int, expected: int) -> _Copy:
    """Copies an open file; stops early once it holds more than ``expected`` bytes.

    A file that grows as fast as it is read would otherwise be copied forever;
    the caller sees the size differ and reads it again.
    """
    storage.originals.mkdir(parents=True, exist_ok=True)
    # The prefix the library check knows for leftovers of an interrupted import.
    handle, temp = tempfile.mkstemp(dir=storage.originals, prefix=".incoming-")
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while size <= expected and (chunk := os.read(source, _CHUNK)):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return _Copy(Path(temp), digest.hexdigest(), size)


def _keep_file(storage: Storage, path: Path, sha256: str, size: int) -> None:
    """Puts the private copy into originals/ (atomically), unless it is there."""
    target = storage.original_file(sha256)
    if target.exists() and target.stat().st_size == size:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with path.open("r+b") as written:
        os.fsync(written.fileno())
    with contextlib.suppress(OSError):
        # The same bytes under their final name: a hard link is instant and atomic
        # (the copy stays open for the WARC pages still to come).
        os.link(path, target)
        return
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out, path.open("rb") as source:
            shutil.copyfileobj(source, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_Found = tuple[tuple[int, str], str]
"""A duplicate's (article id, title), and why it is one."""
_IMPORTED_BEFORE = "this file was imported before"


class _AlreadyImported(Exception):
    """Rolls back an import that found its duplicate under the write lock."""

    def __init__(self, found: _Found) -> None:
        super().__init__(found[1])
        self.found = found


def _duplicate_result(shown: str, found: _Found, url: str | None) -> ImportResult:
    (article_id, title), why = found
    return ImportResult(
        shown,
        ImportStatus.DUPLICATE,
        f"duplicate of article {article_id}: {why}",
        article_id,
        title,
        url,
    )


class Importer:
    """Imports files into one library's storage; the caller indexes afterwards."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    def import_file(self, candidate: Candidate) -> list[ImportResult]:
        """Imports every page of one file.

        Returns:
            One result per page (a WARC file may hold many), or one failed or
            skipped result for the file.
        """
        path = candidate.path
        shown = display_path(path)
        try:
            copy = _take_copy(self._storage, path)
        except ImportFailure as error:
            return [ImportResult(shown, ImportStatus.FAILED, str(error))]
        results: list[ImportResult] = []
        try:
            for page in read_pages(copy.path, origin=path):
                if isinstance(page, SkippedRecord):
                    results.append(
                        ImportResult(shown, ImportStatus.SKIPPED, page.reason, url=page.url)
                    )
                    continue
                results.append(self._import_page(path, page, copy))
        except ImportFailure as error:
            results.append(ImportResult(shown, ImportStatus.FAILED, str(error)))
        except RecursionError:
            results.append(
                ImportResult(shown, ImportStatus.FAILED, "the page is nested too deeply to read")
            )
        finally:
            copy.path.unlink(missing_ok=True)
        return results

    def _import_page(self, path: Path, page: SourcePage, copy: _Copy) -> ImportResult:
        shown = display_path(path)
        sha256, size = copy.sha256, copy.size
        record_url = page.url if page.format == "warc" else None
        existing = self._storage.find_by_record(sha256, page.record_key)
        if existing is not None:  # (before extracting it again for nothing)
            found = (existing, _IMPORTED_BEFORE)
            return _duplicate_result(shown, found, record_url)
        extracted = extract_article(page.html, url=page.url)
        text = extracted.text.strip()
        note = ""
        if not text and _is_cut_short(page.html) and extracted.title and extracted.description:
            # A page that ends early may have lost its body; its title and summary
            # are still worth keeping, and the original is kept to re-read later.
            text = extracted.description.strip()
            note = "the file ends early: imported its title and summary only"
        if not text:
            reason = "no article text found on the page"
            if not extracted.title:
                reason = "no article found: the page has no title and no text"
            return ImportResult(shown, ImportStatus.SKIPPED, reason, url=record_url)
        key = url_key(extracted.url)
        text_sha256 = sha256_of(text.encode("utf-8"))
        title = extracted.title.strip() or _fallback_title(text, path)
        identity = (sha256, page.record_key, key, title, text_sha256)
        found = self._duplicate_of(*identity)
        if found is not None:
            return _duplicate_result(shown, found, record_url)
        clean_html, resources = self._keep_resources(extracted.html, page)
        fmt = "complete" if page.format == "html" and resources else page.format
        _keep_file(self._storage, copy.path, sha256, size)
        article = NewArticle(
            original_sha256=sha256,
            record_key=page.record_key,
            source_path=display_path(_identity(path)),
            source_format=fmt,
            encoding=page.encoding,
            title=title,
            text=text,
            html=clean_html,
            url=extracted.url,
            url_key=key,
            author=extracted.author,
            published=extracted.published,
            site_name=extracted.site_name,
            language=extracted.language,
            description=extracted.description,
            image=extracted.image,
            extractor_version=EXTRACTOR_VERSION,
            captured_at=page.captured_at,
        )
        try:
            with self._storage.transaction():
                # Another window or command may have imported the same page since
                # the check above; under the write lock the answer is final.
                found = self._duplicate_of(*identity)
                if found is not None:
                    raise _AlreadyImported(found)
                self._storage.record_original(
                    sha256, size, _media_type(fmt), display_path(path.name)
                )
                for resource_sha, (media_type, data_size, ref) in resources.items():
                    self._storage.record_original(resource_sha, data_size, media_type, ref)
                article_id = self._storage.insert_article(
                    article,
                    {ref: (sha, media) for sha, (media, _, ref) in resources.items()},
                )
        except _AlreadyImported as already:
            return _duplicate_result(shown, already.found, record_url)
        return ImportResult(shown, ImportStatus.IMPORTED, note, article_id, title, record_url)

    def _duplicate_of(
        self, sha256: str, record_key: str, key: str | None, title: str, text_sha256: str
    ) -> _Found | None:
        """The article a page duplicates, and why; None for a new one.

        The same file (or WARC record) imported before; else the same article
        saved twice (by two tools, or twice by one): the same text, under the
        same URL, or by title when one of them names no URL (a "complete" page,
        say, and a WARC record of the same article).
        """
        existing = self._storage.find_by_record(sha256, record_key)
        if existing is not None:
            return existing, _IMPORTED_BEFORE
        if key is not None:
            same = self._storage.find_by_url_text(key, text_sha256)
            if same is not None:
                return same, "same URL and text"
        same = self._storage.find_by_title_text(title, text_sha256, key is not None)
        return (same, "same title and text") if same is not None else None

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
        source = self._storage.extraction_source(article_id)
        if source is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        sha256, record_key, old_text = source
        path = self._storage.original_file(sha256)
        if not path.is_file():
            raise ImportFailure(f"the original of article {article_id} is missing: {path}")
        page = next(
            (
                item
                for item in read_pages(path)
                if isinstance(item, SourcePage) and item.record_key == record_key
            ),
            None,
        )
        if page is None:
            raise ImportFailure(f"article {article_id} is no longer found in its original file")
        found_in_file = page.find_resource

        def find(ref: str) -> Resource | None:
            # A "complete" page's images were kept when it was imported; its
            # folder is not beside the stored original.
            kept = self._storage.resource(article_id, ref)
            if kept is not None:
                return Resource(self._storage.original_file(kept[0]).read_bytes(), kept[1])
            return found_in_file(ref)

        page.find_resource = find
        extracted = extract_article(page.html, url=page.url)
        text = extracted.text.strip()
        if not text:
            raise ImportFailure(
                f"extracting article {article_id} again found no text; it is left as it was"
            )
        clean_html, resources = self._keep_resources(extracted.html, page)
        with self._storage.transaction():
            for resource_sha, (media_type, data_size, ref) in resources.items():
                self._storage.record_original(resource_sha, data_size, media_type, ref)
            self._storage.update_extraction(
                article_id,
                {
                    "title": extracted.title.strip() or _fallback_title(text, path),
                    "text": text,
                    "html": clean_html,
                    "url": extracted.url,
                    "url_key": url_key(extracted.url),
                    "author": extracted.author,
                    "published": extracted.published,
                    "site_name": extracted.site_name,
                    "language": extracted.language,
                    "description": extracted.description,
                    "image": extracted.image,
                    "extractor_version": EXTRACTOR_VERSION,
                },
                {ref: (sha, media) for sha, (media, _, ref) in resources.items()},
            )
            if within is not None:
                within(article_id, old_text, text)
        return old_text, text

    def _keep_resources(
        self, clean_html: str, page: SourcePage
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
            self._storage.keep_original(resource.data, sha)
            kept[sha] = (resource.media_type, len(resource.data), ref)
            return _IMG_SRC.sub(
                lambda m: f"{m.group(1)}{m.group(2)}{RESOURCE_SCHEME}{sha}{m.group(2)}", tag, 1
            )

        return _IMG_TAG.sub(replace, clean_html), kept


def _media_type(fmt: str) -> str:
    return {
        "mhtml": "multipart/related",
        "warc": "application/warc",
        "html.gz": "application/gzip",
    }.get(fmt, "text/html")


def _is_cut_short(html: str) -> bool:
    """True when a page's markup stops before its end (no closing body or html tag)."""
    return _DOCUMENT_END.search(html[-4096:]) is None


def _fallback_title(text: str, path: Path) -> str:
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first) <= 120:
        return first
    return display_path(path.stem)
