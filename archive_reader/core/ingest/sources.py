"""What every capture reader shares: recognising formats, the pages it hands on, the limits.

A reader turns a file into :class:`SourcePage` objects (or a
:class:`SkippedRecord` with its reason), each with a way to find the images
its page refers to.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from archive_reader.core.models import ExtractedArticle

#: The most bytes one page may take once read or decompressed (an HTML or MHTML
#: file, a gzip file's content, a WARC record's body). A gzip "bomb" (a small
#: file that inflates to gigabytes) fails as soon as it passes this.
MAX_PAGE_BYTES = 200 * 1024 * 1024
#: The most bytes one kept image may take.
MAX_RESOURCE = 25 * 1024 * 1024
READ_CHUNK = 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: How much of a file recognising its format reads.
SNIFF_BYTES = 2048

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
IMAGE_TYPES = ("image/",)


def describe_binary(head: bytes) -> str | None:
    """Names the kind of a non-text file from its first bytes, or None if it may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "a WebP image"
    if head[4:8] == b"ftyp":
        return "a video or image file (ISO media)"
    probe = head[:SNIFF_BYTES]
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
    if _HTML_MARKERS.search(head[: SNIFF_BYTES * 4]) or stripped.startswith(b"<?xml"):
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


def megabytes(limit: int) -> str:
    """A byte limit for a message ("200 MB")."""
    return f"{limit / (1024 * 1024):g} MB"
