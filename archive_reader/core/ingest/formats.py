"""Recognises saved-page formats by content and reads the pages out of them.

A file holds one page (HTML, gzip'd HTML, MHTML) or many (WARC). Each page
comes out as a :class:`SourcePage`: its decoded HTML, the URL its container
recorded, and a way to find the images it refers to (a "complete" page's
resource folder, MHTML parts, WARC records).
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import email.utils
import hashlib
import io
import logging
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.encoding import decode_html
from archive_reader.core.ingest.pdf import looks_like_pdf, read_pdf
from archive_reader.core.ingest.sources import (
    HTML_TYPES,
    IMAGE_TYPES,
    MAX_PAGE_BYTES,
    MAX_RESOURCE,
    READ_CHUNK,
    SNIFF_BYTES,
    Resource,
    SkippedRecord,
    SourcePage,
    describe_binary,
    image_type,
    iso_utc,
    megabytes,
    sniff_format,
)
from archive_reader.core.ingest.wacz import is_wacz, read_wacz
from archive_reader.core.ingest.warc import is_one_gzip_stream, read_warc
from archive_reader.core.ingest.webarchive import looks_like_webarchive, read_webarchive

log = logging.getLogger(__name__)

#: Names that say "this is a page" whatever the content turns out to be.
PAGE_SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".mhtml",
    ".mht",
    ".warc",
    ".warc.gz",
    ".html.gz",
    ".htm.gz",
    ".xhtml.gz",
    ".wacz",
    ".webarchive",
)
#: Formats whose file may hold many pages (a crawl): each result names its URL.
MANY_PAGE_FORMATS = frozenset({"warc", "wacz"})


def is_page_name(path: Path) -> bool:
    """True when the file's name says it is a saved page."""
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES)


def read_pages(
    path: Path, *, origin: Path | None = None, max_bytes: int | None = None
) -> Iterator[SourcePage | SkippedRecord]:
    """Reads every page a file holds.

    Args:
        path: A saved page, MHTML file, WARC file, or any of them gzip-compressed.
        origin: Where the file was found, when ``path`` is a copy of it (the
            importer reads a private copy): its name says whether it is a page,
            and a "complete" page's images are looked up beside it.
        max_bytes: The most bytes one page may take once read or decompressed;
            :data:`MAX_PAGE_BYTES` when None.

    Yields:
        One SourcePage per page (one for HTML and MHTML, one per HTML response of
        a WARC), and a SkippedRecord for each WARC response that is not a page.

    Raises:
        ImportFailure: The file cannot be read, is empty, is larger than the
            limit (or decompresses to more), or is not a web page.
    """
    origin = path if origin is None else origin
    limit = MAX_PAGE_BYTES if max_bytes is None else max_bytes
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES * 4)
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from error
    if not head:
        raise ImportFailure("the file is empty")
    named = origin.name.lower()
    if looks_like_pdf(head):
        yield _pdf_page(path, origin)
        return
    if head.startswith(b"PK\x03\x04"):
        if not is_wacz(_zip_names(path)):
            raise ImportFailure(_not_a_page(head))
        yield from read_wacz(path, limit)
        return
    if looks_like_webarchive(head) or (
        named.endswith(".webarchive") and head.startswith(b"bplist")
    ):
        yield read_webarchive(_read_limited(path, limit))
        return
    kind = sniff_format(head, named_page=is_page_name(origin))
    if kind == "gzip":
        yield from _read_gzip(path, origin, limit)
    elif kind == "warc":
        yield from read_warc(path, limit)
    elif kind == "mhtml":
        yield _read_mhtml(_read_limited(path, limit))
    elif kind == "html":
        yield _html_page(_read_limited(path, limit), origin, "html")
    else:
        raise ImportFailure(_not_a_page(head))


def _pdf_page(path: Path, origin: Path) -> SourcePage:
    """A PDF document as one page whose article is already read."""
    document = read_pdf(path, origin.name)
    found = document.article
    return SourcePage(found.html, None, "", "pdf", "", document=found, note=document.note)


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or ImportFailure when there are more than ``limit``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from error
    if len(data) > limit:
        raise ImportFailure(f"the page is larger than {megabytes(limit)}")
    return data


def _zip_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return []


def _not_a_page(head: bytes) -> str:
    kind = describe_binary(head)
    if kind is not None:
        return f"not a web page: the file is {kind}"
    return "not a web page: no HTML, MHTML or WARC content found"


def _read_gzip(path: Path, origin: Path, limit: int) -> Iterator[SourcePage | SkippedRecord]:
    with path.open("rb") as handle:
        probe = _gunzip_prefix(handle.read(64 * 1024))
    if probe.lstrip().startswith(b"WARC/"):
        yield from read_warc(path, limit, one_stream=is_one_gzip_stream(path))
        return
    with path.open("rb") as handle:
        data, complete = _gunzip(handle, limit)
    if not data:
        raise ImportFailure("the gzip data is damaged: nothing could be decompressed")
    if not complete:
        log.warning("%s: gzip data ends early; importing what could be read", origin)
    kind = sniff_format(data[: SNIFF_BYTES * 4], named_page=True)
    if kind == "mhtml":
        yield _read_mhtml(data)
    elif kind == "html":
        yield _html_page(data, origin, "html.gz")
    elif kind == "gzip":
        raise ImportFailure("not a web page: gzip inside gzip")
    else:
        raise ImportFailure(_not_a_page(data[:SNIFF_BYTES]) + " (inside gzip)")


def _gunzip_prefix(data: bytes) -> bytes:
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        return decompressor.decompress(data, 4096)
    except zlib.error:
        return b""


def _gunzip(handle: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Decompresses all gzip members, streaming, keeping at most ``limit`` bytes.

    Returns:
        What could be read, and whether it all could (False when the data is
        damaged or ends early).

    Raises:
        ImportFailure: The data decompresses to more than ``limit`` bytes; this is
            noticed as soon as the limit is passed, whatever the full size.
    """
    out = io.BytesIO()
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pending = b""
    while True:
        if not pending:
            pending = handle.read(READ_CHUNK)
            if not pending:
                # Input ended: whole only if the last member ended too.
                return out.getvalue(), decompressor.eof
        if decompressor.eof:
            # The next member, if the rest is one (padding zeros are allowed).
            pending = pending.lstrip(b"\x00")
            if not pending:
                continue
            if not pending.startswith(b"\x1f\x8b"):
                return out.getvalue(), True
            decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            chunk = decompressor.decompress(pending, limit + 1 - out.tell())
        except zlib.error:
            return out.getvalue(), False
        out.write(chunk)
        if out.tell() > limit:
            raise ImportFailure(f"the file decompresses to more than {megabytes(limit)}")
        pending = decompressor.unconsumed_tail or decompressor.unused_data


def _html_page(data: bytes, path: Path | None, fmt: str) -> SourcePage:
    if _SELF_EXTRACTING.search(data):
        raise ImportFailure(
            "a SingleFile self-extracting archive: open it in a browser and save it as HTML"
        )
    decoded = decode_html(data)
    finder = _folder_finder(path) if path is not None else (lambda ref: None)
    html, inline = _inline_images(decoded.text)
    url, saved = _singlefile_mark(html)
    if inline:
        beside = finder

        def finder(ref: str) -> Resource | None:
            return inline.get(ref) or beside(ref)

    return SourcePage(
        html=html,
        url=url,
        record_key="",
        format="singlefile" if url or saved else fmt,
        encoding=f"{decoded.encoding} ({decoded.source})",
        find_resource=finder,
        captured_at=saved,
    )


#: A ZIP inside a page: SingleFile's self-extracting format (its page only
#: says "Please wait..." until a script unpacks the ZIP).
_SELF_EXTRACTING = re.compile(rb"PK\x03\x04[\s\S]{26}")
_DATA_IMAGE = re.compile(
    r"""(<img\b[^>]*?\bsrc=)(["']?)data:(image/[\w.+-]+)((?:;[\w-]+=[^;,]*)*);base64,([^"'\s>]+)\2""",
    re.IGNORECASE,
)
#: The scheme of an image that was a data: URI in the page (see _inline_images).
INLINE_IMAGE_SCHEME = "inline-image:"
_SINGLEFILE_MARK = re.compile(
    r"<!--\s*Page saved with SingleFile\s*(?:url:\s*(?P<url>\S+))?\s*"
    r"(?:saved date:\s*(?P<date>[^\n]*?))?\s*(?:\n|-->)",
    re.IGNORECASE,
)


def _inline_images(html: str) -> tuple[str, dict[str, Resource]]:
    """Takes the images written into the page as data: URIs out of it.

    SingleFile (and other tools) save every image as a base64 ``data:`` URI;
    the extractor drops data: URIs as placeholders. Each is replaced by a short
    reference, ``inline-image:<sha256>``, that the page's finder resolves, so
    it is kept like any saved image (once per distinct image).
    """
    found: dict[str, Resource] = {}

    def replace(match: re.Match[str]) -> str:
        try:
            data = base64.b64decode(match.group(5), validate=False)
        except (ValueError, binascii.Error):
            return match.group(0)
        if not data or len(data) > MAX_RESOURCE:
            return match.group(0)
        media_type = image_type(data) or match.group(3).lower()
        ref = f"{INLINE_IMAGE_SCHEME}{hashlib.sha256(data).hexdigest()}"
        found[ref] = Resource(data, media_type)
        return f'{match.group(1)}"{ref}"'

    if "data:image/" not in html and "data:IMAGE/" not in html:
        return html, found
    return _DATA_IMAGE.sub(replace, html), found


def _singlefile_mark(html: str) -> tuple[str | None, str | None]:
    """The URL and saved date of SingleFile's comment at the top of a page."""
    match = _SINGLEFILE_MARK.search(html[:8192])
    if match is None:
        return None, None
    url = match.group("url")
    return (url if url and url.startswith(("http://", "https://")) else None), _js_date(
        match.group("date")
    )


def _js_date(value: str | None) -> str | None:
    """A date as JavaScript's Date.toString() writes it, as ISO 8601 UTC.

    "Wed Jun 12 2024 11:30:00 GMT+0200 (Central European Summer Time)"; an
    ISO 8601 date is read too.
    """
    if not value:
        return None
    text = re.sub(r"\s*\(.*\)\s*$", "", value.strip())
    try:
        parsed = datetime.strptime(text, "%a %b %d %Y %H:%M:%S GMT%z")
    except ValueError:
        return iso_utc(text)
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()


def _folder_finder(page_path: Path) -> Callable[[str], Resource | None]:
    """Finds images saved beside a page ("Web page, complete").

    Relative references are resolved against the page's folder, and allowed
    only inside the folder one level above it (Chrome's ``Name_files/`` sits
    beside the page; wget's ``../static/`` one level up), so a crafted page
    cannot pull arbitrary files of the disk into the library.
    """
    base = page_path.resolve().parent
    root = base.parent

    def find(ref: str) -> Resource | None:
        try:
            return _find_beside(ref)
        except (OSError, ValueError, RuntimeError) as error:
            # A NUL byte, a name too long for the file system, a symlink loop.
            log.debug("%s: resource %r not read: %s", page_path, ref, error)
            return None

    def _find_beside(ref: str) -> Resource | None:
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        names = [unquote(parts.path)]
        if parts.query:
            # wget --restrict-file-names=windows saves "a.png?v=2" as "a.png@v=2".
            names.append(f"{unquote(parts.path)}@{unquote(parts.query)}")
        for name in names:
            # resolve() follows symbolic links, so a link inside the folder that
            # points out of it is refused like a "../../" path.
            candidate = (base / name).resolve()
            if not candidate.is_relative_to(root) or not candidate.is_file():
                continue
            try:
                if candidate.stat().st_size > MAX_RESOURCE:
                    continue
                with candidate.open("rb") as handle:
                    data = handle.read(MAX_RESOURCE + 1)
            except OSError:
                continue
            if len(data) > MAX_RESOURCE:
                continue
            media_type = image_type(data, candidate.name)
            if media_type is not None:
                return Resource(data, media_type)
        return None

    return find


def _mail_date(value: str | None) -> str | None:
    """An RFC 2822 date (MHTML's ``Date:``) as ISO 8601 UTC."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()


def _decode_subject(value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError):
        return value


def _header(part: Message, name: str) -> str:
    """A header's value as plain text, stripped ("" when absent).

    With the compat32 policy a header holding bytes that are not ASCII comes
    back as an ``email.header.Header`` rather than a str (found by fuzzing);
    its text is what the reader gets, with undecodable bytes replaced.
    """
    value = part.get(name)
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.encode("utf-8", "replace").decode("utf-8").strip()


def _read_mhtml(data: bytes) -> SourcePage:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    snapshot = _header(message, "Snapshot-Content-Location") or None
    parts = [part for part in message.walk() if not part.is_multipart()]
    html_parts = [part for part in parts if part.get_content_type() in HTML_TYPES]
    if not html_parts:
        defects = [defect for part in message.walk() for defect in part.defects]
        if defects:
            # "A message claimed to be a multipart but had no boundary parameter."
            what = (type(defects[0]).__doc__ or type(defects[0]).__name__).strip().rstrip(".")
            raise ImportFailure(
                f"the MHTML file is damaged ({what[:1].lower()}{what[1:]}): it has no HTML part"
            )
        raise ImportFailure("the MHTML file has no HTML part")
    main = _mhtml_main_part(html_parts, snapshot)
    body = main.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise ImportFailure("the MHTML file's page part is empty")
    decoded = decode_html(body, main.get_content_charset())
    base = _header(main, "Content-Location") or snapshot or ""
    resources: dict[str, Message] = {}
    for part in parts:
        if not part.get_content_type().startswith(IMAGE_TYPES):
            continue
        location = _header(part, "Content-Location")
        if location:
            resources[urldefrag(location)[0]] = part
        content_id = _header(part, "Content-ID").strip("<>")
        if content_id:
            resources[f"cid:{content_id}"] = part

    def find(ref: str) -> Resource | None:
        key = ref.strip()
        part = resources.get(key)
        if part is None:
            try:
                part = resources.get(urldefrag(urljoin(base, key))[0])
            except ValueError:
                return None
        if part is None:
            return None
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            return None
        return Resource(payload, image_type(payload) or part.get_content_type())

    log.debug("MHTML %r: %d parts", _decode_subject(_header(message, "Subject")), len(parts))
    return SourcePage(
        html=decoded.text,
        url=snapshot or _header(main, "Content-Location") or None,
        record_key="",
        format="mhtml",
        encoding=f"{decoded.encoding} ({decoded.source})",
        find_resource=find,
        captured_at=_mail_date(_header(message, "Date")),
    )


def _mhtml_main_part(html_parts: list[Message], snapshot: str | None) -> Message:
    """The page itself: the part saved at the snapshot's location.

    Iframes are saved as further text/html parts (a failed one as Chrome's own
    error page), so "the first HTML part" is not a safe guess when the
    locations do not match; then the first part that is not an error page is.
    """
    if snapshot:
        for part in html_parts:
            if _header(part, "Content-Location") == snapshot:
                return part
    for part in html_parts:
        location = _header(part, "Content-Location")
        if not location.startswith("chrome-error:"):
            return part
    return html_parts[0]
