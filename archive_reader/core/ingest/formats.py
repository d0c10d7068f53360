"""Recognises saved-page formats by content and reads the pages out of them.

A file holds one page (HTML, gzip'd HTML, MHTML) or many (WARC). Each page
comes out as a :class:`SourcePage`: its decoded HTML, the URL its container
recorded, and a way to find the images it refers to (a "complete" page's
resource folder, MHTML parts, WARC records).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import email
import email.policy
import email.utils
import gzip
import hashlib
import io
import logging
import mimetypes
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import IO, BinaryIO
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.encoding import decode_html
from archive_reader.core.ingest.pdf import looks_like_pdf, read_pdf
from archive_reader.core.models import ExtractedArticle

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
#: The most bytes one page may take once read or decompressed (an HTML or MHTML
#: file, a gzip file's content, a WARC record's body). A gzip "bomb" (a small
#: file that inflates to gigabytes) fails as soon as it passes this.
MAX_PAGE_BYTES = 200 * 1024 * 1024
_MAX_RESOURCE = 25 * 1024 * 1024
_READ_CHUNK = 1024 * 1024
_SNIFF_BYTES = 2048

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"bplist", "an Apple property list"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|h1|!--)[\s>/]",
    re.IGNORECASE,
)
_MIME_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", re.MULTILINE)
_IMAGE_TYPES = ("image/",)


@dataclass(slots=True)
class Resource:
    """An image kept with a page: its bytes and media type."""

    data: bytes
    media_type: str


@dataclass(slots=True)
class SourcePage:
    """One page read out of a file, ready for extraction.

    Attributes:
        html: The page's decoded HTML.
        url: The address the container recorded for it, if any.
        record_key: Tells this page apart from others in the same file ("" when
            the file holds one page; the record's id in a WARC).
        format: "html", "html.gz", "complete", "mhtml" or "warc".
        encoding: The codec the page was decoded with, and why ("utf-8 (meta)").
        find_resource: Returns the image a reference in the page points to.
        captured_at: When the page was saved, as ISO 8601 UTC, if the file
            says (MHTML ``Date``, ``WARC-Date``, SingleFile's ``saved date``).
        title: The title the capture tool recorded for the page (a WACZ's
            pages.jsonl), if any.
        document: The article of a document read whole (a PDF), which is
            stored as it is instead of being extracted from ``html``.
        note: What the import result says about the document ("" when all
            went well).
    """

    html: str
    url: str | None
    record_key: str
    format: str
    encoding: str
    find_resource: Callable[[str], Resource | None] = field(default=lambda ref: None)
    captured_at: str | None = None
    title: str | None = None
    document: ExtractedArticle | None = None
    note: str = ""


@dataclass(slots=True)
class SkippedRecord:
    """A WARC record that held no page to import, with the reason."""

    url: str
    reason: str


def describe_binary(head: bytes) -> str | None:
    """Names the kind of a non-text file from its first bytes, or None if it may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "a WebP image"
    if head[4:8] == b"ftyp":
        return "a video or image file (ISO media)"
    probe = head[:_SNIFF_BYTES]
    if b"\x00" in probe and not (probe.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return "binary data"
    return None


def sniff_format(head: bytes, *, named_page: bool = False) -> str | None:
    """Recognises a file's format from its first bytes.

    Args:
        head: The file's first few kilobytes.
        named_page: The file's name says it is a page (``.html``...): then HTML
            markup anywhere in the head is enough; otherwise the file must
            start with markup, so that a README or JSON file that merely
            mentions ``<title>`` is not taken for a page.

    Returns:
        "gzip", "warc", "mhtml", "html", or None when the bytes are none of these.
    """
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _looks_like_mhtml(stripped):
        return "mhtml"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore").encode("ascii", "ignore")
        return "html" if _HTML_MARKERS.search(text) else None
    if describe_binary(head) is not None:
        return None
    if not named_page and not stripped.startswith(b"<"):
        return None
    if _HTML_MARKERS.search(head[: _SNIFF_BYTES * 4]) or stripped.startswith(b"<?xml"):
        return "html"
    return None


def _looks_like_mhtml(head: bytes) -> bool:
    header_block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if not _MIME_HEADER.match(header_block):
        return False
    lowered = header_block.lower()
    return b"multipart/related" in lowered or (
        b"mime-version" in lowered and b"content-type: text/html" in lowered
    )


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
            head = handle.read(_SNIFF_BYTES * 4)
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from error
    if not head:
        raise ImportFailure("the file is empty")
    # The readers of these formats import this module's types and WARC reader.
    from archive_reader.core.ingest.wacz import is_wacz, read_wacz
    from archive_reader.core.ingest.webarchive import looks_like_webarchive, read_webarchive

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
        yield from _read_warc(path, limit)
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


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or ImportFailure when there are more than ``limit``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from error
    if len(data) > limit:
        raise ImportFailure(f"the page is larger than {_megabytes(limit)}")
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
        yield from _read_warc(path, limit, one_stream=is_one_gzip_stream(path))
        return
    with path.open("rb") as handle:
        data, complete = _gunzip(handle, limit)
    if not data:
        raise ImportFailure("the gzip data is damaged: nothing could be decompressed")
    if not complete:
        log.warning("%s: gzip data ends early; importing what could be read", origin)
    kind = sniff_format(data[: _SNIFF_BYTES * 4], named_page=True)
    if kind == "mhtml":
        yield _read_mhtml(data)
    elif kind == "html":
        yield _html_page(data, origin, "html.gz")
    elif kind == "gzip":
        raise ImportFailure("not a web page: gzip inside gzip")
    else:
        raise ImportFailure(_not_a_page(data[:_SNIFF_BYTES]) + " (inside gzip)")


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
            pending = handle.read(_READ_CHUNK)
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
            raise ImportFailure(f"the file decompresses to more than {_megabytes(limit)}")
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
        if not data or len(data) > _MAX_RESOURCE:
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
                if candidate.stat().st_size > _MAX_RESOURCE:
                    continue
                with candidate.open("rb") as handle:
                    data = handle.read(_MAX_RESOURCE + 1)
            except OSError:
                continue
            if len(data) > _MAX_RESOURCE:
                continue
            media_type = image_type(data, candidate.name)
            if media_type is not None:
                return Resource(data, media_type)
        return None

    return find


def image_type(data: bytes, name: str = "") -> str | None:
    """Returns the image media type of ``data``, or None if it is not an image."""
    signatures = (
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF8", "image/gif"),
        (b"BM", "image/bmp"),
    )
    for magic, media_type in signatures:
        if data.startswith(magic):
            return media_type
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return "image/svg+xml"
    guessed = mimetypes.guess_type(name)[0]
    if guessed and guessed.startswith("image/"):
        return guessed
    return None


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


def iso_utc(value: str | None) -> str | None:
    """A WARC-Date (ISO 8601, often with Z) as ISO 8601 UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
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
    html_parts = [part for part in parts if part.get_content_type() in _HTML_TYPES]
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
        if not part.get_content_type().startswith(_IMAGE_TYPES):
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


_HTML_TYPES = ("text/html", "application/xhtml+xml")


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


def _target_uri(record: ArcWarcRecord) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    # Wget 1.21 writes the URI in angle brackets (as WARC 1.0's grammar printed it).
    return uri.strip().removeprefix("<").removesuffix(">").strip()


#: Opens a WARC stream afresh (a WARC is read twice: images, then pages).
WarcOpener = Callable[[], contextlib.AbstractContextManager[IO[bytes]]]


def _read_warc(
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
            chunk = handle.read(_READ_CHUNK)
            if not chunk:
                break
            try:
                out = decompressor.decompress(chunk, _READ_CHUNK)
                while out:
                    seen = (seen + out)[-(_READ_CHUNK + 64) :]
                    if _NEXT_RECORD.search(seen, 1):
                        return True
                    out = decompressor.decompress(decompressor.unconsumed_tail, _READ_CHUNK)
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
    if media_type and media_type not in _HTML_TYPES:
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
    if media_type and media_type not in _HTML_TYPES:
        return None
    # Read at most one byte past the limit: a record's body may be a gzip bomb too
    # (Content-Encoding: gzip is decoded by warcio as it is read).
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return SkippedRecord(uri, f"the page is larger than {_megabytes(limit)}")
    if not media_type and sniff_format(body[: _SNIFF_BYTES * 4], named_page=True) != "html":
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
                data = record.content_stream().read(_MAX_RESOURCE + 1)
                if 0 < len(data) <= _MAX_RESOURCE:
                    media_type = image_type(data) or content_type.split(";", 1)[0]
                    images[_target_uri(record)] = Resource(data, media_type)
    except (ArchiveLoadFailed, *_WARC_READ_ERRORS) as error:
        log.warning("%s: could not read all images: %s", name, error)
    return images
