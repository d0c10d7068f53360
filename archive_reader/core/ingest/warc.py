"""WARC files: the pages and images of their records (also for WACZ, which holds WARCs)."""

from __future__ import annotations

import contextlib
import gzip
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urldefrag, urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.encoding import decode_html
from archive_reader.core.ingest.sources import (
    HTML_TYPES,
    MAX_PAGE_BYTES,
    MAX_RESOURCE,
    READ_CHUNK,
    SNIFF_BYTES,
    Resource,
    SkippedRecord,
    SourcePage,
    image_type,
    iso_utc,
    megabytes,
    sniff_format,
)

log = logging.getLogger(__name__)


def _target_uri(record: ArcWarcRecord) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    # Wget 1.21 writes the URI in angle brackets (as WARC 1.0's grammar printed it).
    return uri.strip().removeprefix("<").removesuffix(">").strip()


#: Opens a WARC stream afresh (a WARC is read twice: images, then pages).
WarcOpener = Callable[[], contextlib.AbstractContextManager[IO[bytes]]]


def read_warc(
    path: Path, limit: int, *, one_stream: bool = False
) -> Iterator[SourcePage | SkippedRecord]:
    """Reads a WARC file in two passes: images first, then the pages.

    Args:
        path: The WARC file.
        limit: The most bytes one record's body may take.
        one_stream: The file is gzip'd as a whole (``gzip file.warc``) rather
            than record by record; it is then read through one decompressor.
    """

    def opener() -> contextlib.AbstractContextManager[IO[bytes]]:
        if one_stream:
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")

    images = warc_images(opener, str(path))
    found = 0
    for item in warc_pages(opener, limit, images, seekable=not one_stream):
        if isinstance(item, SourcePage):
            found += 1
        yield item
    if not found:
        raise ImportFailure("the WARC file holds no successful HTML response")


def is_one_gzip_stream(path: Path) -> bool:
    """True for a WARC gzip'd as a whole: its first gzip member holds more than one record."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    seen = b""
    with path.open("rb") as handle:
        while not decompressor.eof:
            chunk = handle.read(READ_CHUNK)
            if not chunk:
                break
            try:
                out = decompressor.decompress(chunk, READ_CHUNK)
                while out:
                    seen = (seen + out)[-(READ_CHUNK + 64) :]
                    if _NEXT_RECORD.search(seen, 1):
                        return True
                    out = decompressor.decompress(decompressor.unconsumed_tail, READ_CHUNK)
            except zlib.error:
                return False
    return False


_NEXT_RECORD = re.compile(rb"\r\n\r\nWARC/1\.[01]\r\n")


# What warcio raises on damaged input besides ArchiveLoadFailed: truncated gzip
# members, HTTP headers that do not parse (a bad status line gives ValueError or
# IndexError), chunked bodies with a bad length; a response record without a
# WARC-Target-URI makes its record loader call None.startswith (AttributeError,
# warcio 1.7). Found by tests/test_fuzz.py.
_WARC_READ_ERRORS = (
    OSError,
    EOFError,
    zlib.error,
    ValueError,
    IndexError,
    UnicodeError,
    AttributeError,
)


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text or type(error).__name__


_WRONG_LENGTH = (
    "this WARC record's Content-Length does not match its content: the bytes"
    " after it were skipped up to the next record"
)


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its warning on stderr (the core does not print).

    warcio writes ``INC_RECORD`` to stderr when a record is not followed by a
    blank line (a wrong Content-Length) and counts it in ``err_count``; the
    count is what is reported here.
    """

    INC_RECORD = ""


def warc_pages(
    opener: WarcOpener,
    limit: int,
    images: dict[str, Resource],
    *,
    seekable: bool = True,
    fmt: str = "warc",
) -> Iterator[SourcePage | SkippedRecord]:
    """The pages of a WARC stream, and a SkippedRecord for each record worth naming.

    Pages are HTML ``response`` records with a 2xx status and HTML ``resource``
    records (warcit). A ``revisit`` of a page is named. A record whose
    Content-Length is wrong makes the next record unreadable; in a seekable
    stream reading resumes at the next record header found after it, and the
    damage is reported either way.

    Raises:
        ImportFailure: The stream is damaged before any page was found.
    """
    found = 0
    start = 0
    last_uri = ""
    reported: str | None = None
    while True:
        resume_at: int | None = None
        try:
            with opener() as handle:
                if start:
                    handle.seek(start)
                iterator = _QuietArchiveIterator(handle)
                for record in iterator:
                    errors = iterator.err_count
                    uri = _target_uri(record) or last_uri
                    item = _warc_item(record, images, limit, fmt)
                    if item is not None:
                        if isinstance(item, SourcePage):
                            found += 1
                        yield item
                    # warcio notices the bytes left over by a wrong Content-Length
                    # when it moves past the record.
                    iterator.read_to_end()
                    if iterator.err_count > errors:
                        reported = uri
                        yield SkippedRecord(uri, _WRONG_LENGTH)
                    last_uri = uri
                return
        except (ArchiveLoadFailed, *_WARC_READ_ERRORS) as error:
            if seekable:
                resume_at = _next_record_start(opener, start, last_uri)
            if resume_at is None:
                if not found:
                    what = "damaged" if isinstance(error, ArchiveLoadFailed) else "cannot be read"
                    lines = _reason(error).splitlines() or [""]
                    # warcio's messages run over many lines; the first says what.
                    first = next((line.strip() for line in lines if line.strip()), "")
                    raise ImportFailure(f"the WARC file is {what}: {first}") from error
                log.warning("WARC ends with a damaged record: %s", error)
                yield SkippedRecord(
                    last_uri,
                    "the WARC file is damaged after this record (a wrong Content-Length"
                    " or a truncated file): the rest of the file could not be read",
                )
                return
        if reported != last_uri:
            yield SkippedRecord(last_uri, _WRONG_LENGTH)
        start = resume_at


def _next_record_start(opener: WarcOpener, start: int, uri: str) -> int | None:
    """The offset of the first record header after the one of ``uri``, or None.

    Only for an uncompressed WARC: the bytes are searched for a line
    ``WARC/1.x`` right after a blank line, past the record that went wrong.
    """
    with opener() as handle:
        handle.seek(start)
        data = handle.read(MAX_PAGE_BYTES)
    if not data.startswith(b"WARC/"):
        return None
    marker = f"WARC-Target-URI: {uri}".encode() if uri else b"WARC/"
    after = data.find(marker)
    if after < 0:
        after = 0
    match = re.compile(rb"(?:\r?\n)WARC/1\.[01]\r?\n").search(data, after + 1)
    if match is None:
        return None
    position = start + match.start() + (2 if data[match.start()] == 13 else 1)
    return position if position > start else None


def _record_media_type(record: ArcWarcRecord) -> tuple[str, str]:
    """The (status, content type) of a response or resource record."""
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    else:
        # A resource record (warcit) has no HTTP headers: it is the file itself.
        status = "200"
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    return status, content_type


_ASSET_PATH = re.compile(
    r"\.(?:png|jpe?g|gif|webp|svg|ico|css|js|json|woff2?|ttf|mp4|mp3|pdf|xml)$", re.IGNORECASE
)


def _warc_item(
    record: ArcWarcRecord, images: dict[str, Resource], limit: int, fmt: str
) -> SourcePage | SkippedRecord | None:
    uri = _target_uri(record)
    if record.rec_type == "revisit":
        return _revisit(record, uri)
    if record.rec_type == "response" and record.http_headers is None:
        return None
    if record.rec_type not in ("response", "resource"):
        return None
    return _warc_page(record, uri, images, limit, fmt)


def _revisit(record: ArcWarcRecord, uri: str) -> SkippedRecord | None:
    """Names the revisit of a page (not of an image or script): it holds no page itself."""
    content_type = ""
    if record.http_headers is not None:
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    media_type = content_type.split(";", 1)[0].strip()
    if media_type and media_type not in HTML_TYPES:
        return None
    if not media_type and _ASSET_PATH.search(urlsplit(uri).path):
        return None
    refers = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or uri
    when = iso_utc(record.rec_headers.get_header("WARC-Refers-To-Date"))
    of = f" of {when}" if when else ""
    return SkippedRecord(
        uri,
        f"revisit of {refers}: unchanged since its capture{of}; a revisit record"
        " holds no page of its own",
    )


def _warc_page(
    record: ArcWarcRecord, uri: str, images: dict[str, Resource], limit: int, fmt: str = "warc"
) -> SourcePage | SkippedRecord | None:
    status, content_type = _record_media_type(record)
    media_type = content_type.split(";", 1)[0].strip()
    if not status.startswith("2"):
        return None
    if urlsplit(uri).path.lower().endswith("/robots.txt"):
        return None
    if media_type and media_type not in HTML_TYPES:
        return None
    # Read at most one byte past the limit: a record's body may be a gzip bomb too
    # (Content-Encoding: gzip is decoded by warcio as it is read).
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return SkippedRecord(uri, f"the page is larger than {megabytes(limit)}")
    if not media_type and sniff_format(body[: SNIFF_BYTES * 4], named_page=True) != "html":
        return None
    if not body.strip():
        return None
    charset = None
    match = re.search(r"charset\s*=\s*\"?([^\s;\"]+)", content_type)
    if match:
        charset = match.group(1)
    decoded = decode_html(body, charset)
    record_id = record.rec_headers.get_header("WARC-Record-ID") or uri

    def find(ref: str) -> Resource | None:
        try:
            return images.get(urldefrag(urljoin(uri, ref.strip()))[0])
        except ValueError:
            return None

    return SourcePage(
        html=decoded.text,
        url=uri or None,
        record_key=record_id,
        format=fmt,
        encoding=f"{decoded.encoding} ({decoded.source})",
        find_resource=find,
        captured_at=iso_utc(record.rec_headers.get_header("WARC-Date")),
    )


def warc_images(opener: WarcOpener, name: str) -> dict[str, Resource]:
    """The images of a WARC stream (response and resource records), by URI."""
    images: dict[str, Resource] = {}
    try:
        with opener() as handle:
            for record in _QuietArchiveIterator(handle):
                if record.rec_type not in ("response", "resource"):
                    continue
                if record.rec_type == "response" and record.http_headers is None:
                    continue
                status, content_type = _record_media_type(record)
                if not content_type.startswith("image/") or not status.startswith("2"):
                    continue
                data = record.content_stream().read(MAX_RESOURCE + 1)
                if 0 < len(data) <= MAX_RESOURCE:
                    media_type = image_type(data) or content_type.split(";", 1)[0]
                    images[_target_uri(record)] = Resource(data, media_type)
    except (ArchiveLoadFailed, *_WARC_READ_ERRORS) as error:
        log.warning("%s: could not read all images: %s", name, error)
    return images
