"""Reads a PDF document into an article: its text layer as paragraphs, page by page.

Each page keeps its boundary: the text has a marker line (``[Page 3]``, the
page's printed label when the document defines labels) at the start of each
page, and the clean HTML a ``<section class="pdf-page" data-page="3">`` that
opens with the same marker in a ``<p class="page-marker">``. So a position in
the text (a highlight's offset) maps to its page with :func:`page_at`.

Lines are joined into paragraphs by their spacing and length; a word
hyphenated at a line end is joined again; running headers, footers and page
numbers (lines at the top or bottom that repeat on most pages, digits aside)
are left out. There is no OCR: a document whose pages are images is imported
with its metadata and a note.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from archive_reader.core.errors import ImportFailure
from archive_reader.core.models import ExtractedArticle

log = logging.getLogger(__name__)

#: The note of a PDF whose pages have no text to read.
NO_TEXT_LAYER = "no text layer: the pages are images"
#: Text of the marker that opens each page; ``{}`` is the page's label.
PAGE_MARKER = "[Page {}]"
_MARKER_LINE = re.compile(r"^\[Page ([^\]\n]+)\]$", re.MULTILINE)
# Errors pypdf raises on damaged files besides its own: it reads structures
# that may be truncated or of the wrong type anywhere in the file.
_DAMAGED = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, OSError)
_SENTENCE_END = (".", "!", "?", ":", '"', "'", "\u201d", "\u2019", ")")
_BULLETS = ("\u2022", "\u25e6", "\u25aa", "\u2023", "\u2043", "\u25cf", "\u25a0")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_FILE_NAME_TITLE = re.compile(r"\.(?:docx?|odt|rtf|pages|indd|tex|pdf|html?)$", re.IGNORECASE)
_PLACEHOLDER_AUTHORS = {"anonymous", "unknown", "author", "user", "admin"}
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "title", "document", "slide 1"}
# Lines within this many from the top or bottom of a page may be running heads or feet.
_EDGE_LINES = 2


@dataclass(slots=True)
class _Line:
    text: str
    y: float
    size: float


@dataclass(slots=True)
class PdfPage:
    """One page of a document read: its label, its paragraphs and which are headings."""

    label: str
    paragraphs: list[str] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)


@dataclass(slots=True)
class PdfDocument:
    """A PDF read: its article and what the import result says about it.

    Attributes:
        article: Title, text and clean HTML (the pages in order, each marked),
            author and creation date.
        pages: The pages read.
        note: "" when all went well, else why the text is incomplete.
    """

    article: ExtractedArticle
    pages: list[PdfPage]
    note: str = ""


def looks_like_pdf(head: bytes) -> bool:
    """True when a file's first bytes say it is a PDF (the header may follow some junk)."""
    return b"%PDF-" in head[:1024]


def page_at(text: str, offset: int) -> str | None:
    """The label of the page a position in an article's text is on, or None.

    Args:
        text: The text of an article imported from a PDF.
        offset: A position in it (a highlight's start).
    """
    label = None
    for match in _MARKER_LINE.finditer(text):
        if match.start() > offset:
            break
        label = match.group(1)
    return label


def read_pdf(path: Path, name: str) -> PdfDocument:
    """Reads a PDF document's text and metadata.

    Args:
        path: The file.
        name: The file's name as shown to the user (for messages and the
            title of last resort).

    Raises:
        ImportFailure: The document is encrypted with a password, or damaged
            so that it cannot be read.
    """
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            _decrypt(reader, name)
        labels = list(reader.page_labels)
        pages = [
            PdfPage(labels[i] if i < len(labels) else str(i + 1), [])
            for i in range(len(reader.pages))
        ]
        raw = [_page_lines(reader, i, name) for i in range(len(pages))]
        info = reader.metadata
        title = _clean(str(info.title)) if info is not None and info.title else ""
        author = _clean(str(info.author)) if info is not None and info.author else ""
        if author.casefold() in _PLACEHOLDER_AUTHORS:
            author = ""
        created = _created(info.creation_date if info is not None else None)
    except FileNotDecryptedError as error:
        raise ImportFailure(f"{name}: the PDF is encrypted with a password") from error
    except DependencyError as error:
        raise ImportFailure(f"{name}: the PDF's encryption cannot be read: {error}") from error
    except RecursionError as error:
        raise ImportFailure(f"{name}: the PDF is damaged (nested too deeply)") from error
    except _DAMAGED as error:
        raise ImportFailure(f"{name}: the PDF is damaged and cannot be read ({error})") from error
    if not pages:
        raise ImportFailure(f"{name}: the PDF has no pages")
    labels = [page.label for page in pages]
    for page, lines in zip(pages, _without_running_lines(raw, labels), strict=True):
        found = _paragraphs(lines)
        page.paragraphs = [text for text, _ in found]
        page.headings = {i for i, (_, heading) in enumerate(found) if heading}
    note = ""
    if not any(page.paragraphs for page in pages):
        note = NO_TEXT_LAYER
    if _is_placeholder(title):
        title = _first_page_title(pages)
    return PdfDocument(
        ExtractedArticle(
            title=title,
            text=_text(pages),
            html=_html(pages),
            author=author or None,
            published=created,
        ),
        pages,
        note,
    )


def _decrypt(reader: PdfReader, name: str) -> None:
    """Opens a document encrypted without a user password (only its permissions locked)."""
    try:
        opened = reader.decrypt("")
    except NotImplementedError as error:
        raise ImportFailure(f"{name}: the PDF's encryption is not supported: {error}") from error
    if not opened:
        raise ImportFailure(f"{name}: the PDF is encrypted with a password")


def _page_lines(reader: PdfReader, index: int, name: str) -> list[_Line]:
    """The lines of one page's text layer, in the order the page draws them."""
    lines: list[_Line] = []
    current: list[str] = []
    where: list[float] = []

    def close() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            lines.append(_Line(text, where[0], where[1]))
        current.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        if current and where and abs(y - where[0]) > 1.0:
            close()
        if not current:
            where[:] = [y, size * scale]
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                close()
                where[:] = [y, size * scale]
            current.append(piece)

    try:
        reader.pages[index].extract_text(visitor_text=visit)
    except _DAMAGED as error:
        # One unreadable page does not lose the others.
        log.warning("%s: page %d cannot be read: %s", name, index + 1, error)
    close()
    return lines


def _without_running_lines(pages: list[list[_Line]], labels: list[str]) -> list[list[_Line]]:
    """The pages without their running headers, footers and page numbers.

    A line near the top or bottom of a page is running when the same line
    (digits aside, so "Page 3 of 9" matches "Page 4 of 9") is near the edge of
    most pages, or of two or more when it carries the page's own number (a
    chapter's running head, "Chapter 2: Methods 14"); a bare number or roman
    numeral there is a page number.
    """
    if len(pages) < 2:
        return pages
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_shape(line.text) for line in _edges(lines)})
    most = max(2, (len(pages) + 1) // 2)

    def running(line: _Line, label: str) -> bool:
        seen = counts[_shape(line.text)]
        numbered = label in (line.text.split()[0], line.text.split()[-1])
        return seen >= most or (numbered and seen >= 2) or _is_page_number(line.text)

    kept: list[list[_Line]] = []
    for lines, label in zip(pages, labels, strict=True):
        edges = {id(line) for line in _edges(lines) if running(line, label)}
        kept.append([line for line in lines if id(line) not in edges])
    return kept


def _edges(lines: list[_Line]) -> list[_Line]:
    return lines[:_EDGE_LINES] + lines[_EDGE_LINES:][-_EDGE_LINES:]


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.casefold())


def _is_page_number(text: str) -> bool:
    bare = text.strip(" -\u2013\u2014.[]()")
    return bare.isdigit() or bool(_ROMAN.match(bare))


def _paragraphs(lines: list[_Line]) -> list[tuple[str, bool]]:
    """Joins a page's lines into paragraphs.

    A paragraph ends at a gap wider than the page's usual line spacing, a
    change of font size (a heading), a jump up the page (a new column), or a
    short line that ends a sentence.

    Returns:
        Each paragraph, and whether it is a heading (set larger than the page's text).
    """
    if not lines:
        return []
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y - b.y > 0.5]
    # The usual line spacing: a low quantile, since few lines leave the
    # paragraph gaps a large share of all gaps.
    leading = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    body = statistics.median(line.size for line in lines)
    widths = sorted(len(line.text) for line in lines)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[list[str]] = [[lines[0].text]]
    sizes = [lines[0].size]
    for before, line in zip(lines, lines[1:], strict=False):
        gap = before.y - line.y
        ends = (
            gap <= 0.5
            or (leading and gap > leading * 1.3)
            or abs(before.size - line.size) > 1.0
            or line.text.startswith(_BULLETS)
            or (len(before.text) < full * 0.7 and before.text.endswith(_SENTENCE_END))
        )
        if ends:
            paragraphs.append([line.text])
            sizes.append(line.size)
        else:
            paragraphs[-1].append(line.text)
    return [
        (_join(group), size >= body * 1.2 and len(group) <= 3)
        for group, size in zip(paragraphs, sizes, strict=True)
    ]


def _join(lines: list[str]) -> str:
    """One paragraph's lines as one line; a word hyphenated at a line end joined."""
    text = lines[0]
    for line in lines[1:]:
        if _HYPHENATED.search(text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


def _text(pages: list[PdfPage]) -> str:
    blocks: list[str] = []
    for page in pages:
        blocks.append(PAGE_MARKER.format(page.label))
        blocks.extend(page.paragraphs)
    return "\n\n".join(blocks)


def _html(pages: list[PdfPage]) -> str:
    sections = []
    for number, page in enumerate(pages, 1):
        label = html_lib.escape(page.label)
        body = "".join(
            f"<h2>{html_lib.escape(text)}</h2>"
            if i in page.headings
            else f"<p>{html_lib.escape(text)}</p>"
            for i, text in enumerate(page.paragraphs)
        )
        sections.append(
            f'<section class="pdf-page" data-page="{number}" data-label="{label}">'
            f'<p class="page-marker">{html_lib.escape(PAGE_MARKER.format(page.label))}</p>'
            f"{body}</section>"
        )
    return "\n".join(sections)


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value.replace("\x00", "")).strip()


def _is_placeholder(title: str) -> bool:
    """True for a title that names no document: empty, a file name, "Untitled"."""
    return (
        not title or title.casefold() in _PLACEHOLDER_TITLES or bool(_FILE_NAME_TITLE.search(title))
    )


def _first_page_title(pages: list[PdfPage]) -> str:
    """The first paragraph of the first page with text, when it is short enough for a title."""
    for page in pages:
        if page.paragraphs:
            first = page.paragraphs[0]
            return first if len(first) <= 150 else ""
    return ""


def _created(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()
