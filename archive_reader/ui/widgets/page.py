"""The reader's page: an article's html made Qt-friendly and safe, and its original as a file."""

from __future__ import annotations

import gzip
import html
import re
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextCursor, QTextDocument

from archive_reader.core.models import Article

RESOURCE_SCHEME = "resource:"
SHOW_ORIGINAL_HREF = "archive-reader:show-original"

# QTextDocument does not know figure/figcaption: it would run the image into the
# paragraph before it. Shown as the blocks it does know; the stored html is unchanged.
_QT_TAGS = [
    (re.compile(r"<figure\b[^>]*>", re.IGNORECASE), '<div class="figure">'),
    (re.compile(r"</figure\s*>", re.IGNORECASE), "</div>"),
    (re.compile(r"<figcaption\b[^>]*>", re.IGNORECASE), '<p class="caption">'),
    (re.compile(r"</figcaption\s*>", re.IGNORECASE), "</p>"),
]
# The extractor already cleans the html; this is a second fence for whatever reaches
# the reader. Qt runs no scripts, and loadResource answers only for kept images, but
# script-like elements, embedded frames and remote references are dropped before Qt
# parses the page, so none of them shows as text or is ever asked for.
_ACTIVE_ELEMENTS = re.compile(
    r"<(script|style|iframe|frame|frameset|object|embed|applet|template|noembed|svg|math)\b"
    r"[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ACTIVE_TAGS = re.compile(
    r"</?(script|style|iframe|frame|frameset|object|embed|applet|template|noembed|svg|math"
    r"|link|meta|base|param|source|track|audio|video|form|input|button|select|textarea)\b[^>]*>",
    re.IGNORECASE,
)
_EVENT_ATTRIBUTES = re.compile(
    r"""\s(?:on[a-z]+|formaction|srcset|background|poster|ping)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE,
)
_URL_STYLES = re.compile(
    r"""\sstyle\s*=\s*(?:"[^"]*url\([^"]*"|'[^']*url\([^']*')""", re.IGNORECASE
)
_SCRIPT_URLS = re.compile(
    r"""\s(?:href|src|action|data)\s*=\s*(["']?)\s*(?:javascript|vbscript|data|file):[^"'>\s]*\1""",
    re.IGNORECASE,
)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_IMG_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def for_qt(article_html: str) -> str:
    for pattern, replacement in _QT_TAGS:
        article_html = pattern.sub(replacement, article_html)
    return article_html


def sanitize(article_html: str, keep_image: Callable[[str], bool]) -> str:
    """The html without anything active or remote: scripts, frames, handlers, foreign images.

    Args:
        article_html: An article's html.
        keep_image: Whether an ``<img>`` with this src is kept (an image of the archive).
    """
    cleaned = _ACTIVE_ELEMENTS.sub("", article_html)
    cleaned = _ACTIVE_TAGS.sub("", cleaned)
    cleaned = _EVENT_ATTRIBUTES.sub("", cleaned)
    cleaned = _URL_STYLES.sub("", cleaned)
    cleaned = _SCRIPT_URLS.sub("", cleaned)

    def image(match: re.Match[str]) -> str:
        src = _IMG_SRC.search(match.group(0))
        value = next((g for g in src.groups() if g is not None), "") if src else ""
        return match.group(0) if keep_image(html.unescape(value.strip())) else ""

    return _IMG_TAG.sub(image, cleaned)


def original_copy(data: bytes, source_format: str) -> tuple[bytes, str]:
    """The bytes to write and the file name extension for opening an original."""
    compressed = data[:2] == b"\x1f\x8b"
    # Formats that the system has a viewer for, opened as they are.
    kept = {"mhtml": ".mhtml", "pdf": ".pdf", "wacz": ".wacz", "webarchive": ".webarchive"}
    if source_format in kept:
        return data, kept[source_format]
    if source_format == "warc":
        return data, ".warc.gz" if compressed else ".warc"
    if compressed:
        # A gzip-compressed page: browsers show it only uncompressed.
        try:
            return gzip.decompress(data), ".html"
        except (OSError, EOFError, zlib.error):
            return data, ".html.gz"
    return data, ".html"


def write_original_copy(data: bytes, article: Article) -> Path:
    """Writes the original to a temporary file named for its format; returns the file.

    Raises:
        OSError: The copy could not be written.
    """
    data, suffix = original_copy(data, article.source_format)
    folder = Path(tempfile.gettempdir()) / "archive-reader-originals"
    slug = re.sub(r"[^\w-]+", "-", article.title.casefold()).strip("-")[:48] or "article"
    target = folder / f"article-{article.id}-{slug}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def article_page(article: Article, keep_image: Callable[[str], bool]) -> tuple[str, int]:
    """The page shown, and how many blocks (title, meta line) come before the body."""
    title = html.escape(article.title or "(untitled)")
    names = [article.author, article.site_name]
    if article.author and article.author == article.site_name:
        names = [article.site_name]  # sites that sign articles with their own name
    parts = [html.escape(p) for p in names if p]
    if article.published:
        parts.append(html.escape(article.published[:10]))
    if article.url:
        url = html.escape(article.url, quote=True)
        parts.append(f'<a href="{url}">{url}</a>')
    parts.append(
        f'<a class="original" href="{SHOW_ORIGINAL_HREF}" title="Opens the saved file'
        ' in your default program">saved original</a>'
    )
    meta = " · ".join(parts)
    meta_html = f'<p class="meta">{meta}</p>' if meta else ""
    if article.html.strip():
        body = sanitize(for_qt(article.html), keep_image)
    else:
        # Some pages yield text but no html (a summary only): show the text.
        body = "".join(
            f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>"
            for block in article.text.split("\n\n")
            if block.strip()
        )
    return f"<h1>{title}</h1>{meta_html}{body}", 2 if meta_html else 1


def resource_ref(article: Article, name: QUrl) -> str | None:
    """The ref to ask the archive for an image of the article, by its src as written in the html.

    The core writes kept images as ``resource:<sha256>``; a ref of the original
    page that the article lists among its resources is looked up too (QUrl may
    have re-encoded it: spaces, %-escapes). Anything else (a remote URL, a file
    path) is never asked for.
    """
    spellings = [
        name.toString(),
        name.toString(QUrl.ComponentFormattingOption.FullyEncoded),
        unquote(name.toString(QUrl.ComponentFormattingOption.FullyEncoded)),
    ]
    ref = next((s for s in spellings if s in article.resources), None)
    if ref is None:
        ref = next((s for s in spellings if s.startswith(RESOURCE_SCHEME)), None)
    return ref


def find_images(document: QTextDocument) -> list[tuple[int, int, int]]:
    """(position, width, height) of every image shown, as loaded."""
    found = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                name = QUrl(char_format.toImageFormat().name())
                image = document.resource(QTextDocument.ResourceType.ImageResource, name)
                if isinstance(image, QImage) and not image.isNull():
                    found.append((fragment.position(), image.width(), image.height()))
            fragments += 1
        block = block.next()
    return found


def fit_images(document: QTextDocument, images: list[tuple[int, int, int]], column: int) -> None:
    """Narrows images wider than the text column (a narrow reader pane), keeping their shape."""
    for position, width, height in images:
        target = min(width, column)
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        image_format = cursor.charFormat().toImageFormat()
        if not image_format.isValid() or round(image_format.width()) == target:
            continue
        image_format.setWidth(target)
        image_format.setHeight(height * target / width)
        cursor.setCharFormat(image_format)
