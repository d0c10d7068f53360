"""Reads Safari's web archives (``.webarchive``): a property list of the page and its parts."""

from __future__ import annotations

import plistlib
from typing import Any
from urllib.parse import urldefrag, urljoin

from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.encoding import decode_html
from archive_reader.core.ingest.sources import Resource, SourcePage, image_type

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_webarchive(head: bytes) -> bool:
    """True when a file's first bytes are a property list naming a WebMainResource."""
    if head.startswith(b"bplist00"):
        return b"WebMainResource" in head
    start = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    return start.startswith((b"<?xml", b"<!DOCTYPE plist", b"<plist")) and (
        b"<plist" in head and b"WebMainResource" in head
    )


def read_webarchive(data: bytes) -> SourcePage:
    """The page of a Safari web archive, its images found among the subresources.

    ``WebMainResource`` is the page (``WebResourceData`` in the encoding
    ``WebResourceTextEncodingName`` names, at ``WebResourceURL``); each of
    ``WebSubresources`` is a file the page loaded, the images among them kept
    like an MHTML file's image parts. Binary and XML property lists are read.

    Raises:
        ImportFailure: The file is not a property list, or has no HTML main resource.
    """
    try:
        archive = plistlib.loads(data)
    except (plistlib.InvalidFileException, ValueError, OverflowError, KeyError) as error:
        raise ImportFailure(f"the web archive is damaged: {error}") from error
    if not isinstance(archive, dict) or not isinstance(archive.get("WebMainResource"), dict):
        raise ImportFailure("not a web page: a property list without a WebMainResource")
    main = archive["WebMainResource"]
    body = main.get("WebResourceData")
    if not isinstance(body, bytes) or not body.strip():
        raise ImportFailure("the web archive's main resource is empty")
    media_type = _text(main, "WebResourceMIMEType").lower()
    if media_type and media_type not in _HTML_TYPES:
        raise ImportFailure(f"not a web page: the web archive holds {media_type}")
    url = _text(main, "WebResourceURL")
    decoded = decode_html(body, _text(main, "WebResourceTextEncodingName") or None)
    images: dict[str, Resource] = {}
    for part in archive.get("WebSubresources") or []:
        if not isinstance(part, dict):
            continue
        data_part = part.get("WebResourceData")
        location = _text(part, "WebResourceURL")
        if not isinstance(data_part, bytes) or not data_part or not location:
            continue
        kind = image_type(data_part)
        declared = _text(part, "WebResourceMIMEType").lower()
        if kind is None and not declared.startswith("image/"):
            continue
        images[urldefrag(location)[0]] = Resource(data_part, kind or declared)

    def find(ref: str) -> Resource | None:
        try:
            return images.get(urldefrag(urljoin(url, ref.strip()))[0])
        except ValueError:
            return None

    return SourcePage(
        html=decoded.text,
        url=url or None,
        record_key="",
        format="webarchive",
        encoding=f"{decoded.encoding} ({decoded.source})",
        find_resource=find,
    )


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value.strip() if isinstance(value, str) else ""
