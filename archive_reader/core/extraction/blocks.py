"""Pass 3: the chosen elements as blocks of text and clean HTML, and the block filters."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urljoin

from bs4 import NavigableString, Tag

from archive_reader.core.extraction.text import SENTENCE_END, collapse, norm
from archive_reader.core.extraction.vocabulary import (
    UI_LINES,
    is_byline,
    is_credit,
    is_dateline,
    strip_credit,
)
from archive_reader.core.extraction.walk import BLOCK_TAGS, HEADINGS

_MAX_DEPTH = 150
_WS = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = frozenset(("http", "https", "ftp"))
_PLACEHOLDER_SRC = re.compile(
    r"^(?:data:|about:blank|$)|(?:blank|spacer|pixel|placeholder|transparent|grey|gray|"
    r"lazy|loading)[\w\-]*\.(?:gif|png|svg|jpg)",
    re.IGNORECASE,
)
_LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url")
_SIDE_BY_SIDE = frozenset({"a", "button", "label"})
_EMPTY_INLINE = re.compile(r"<(a|b|i|em|strong)(?:\s[^>]*)?>\s*</\1>")


@dataclass(slots=True)
class _Part:
    """One text block: a paragraph, heading, list item, caption or table row."""

    text: str
    links: int


@dataclass(slots=True)
class Block:
    """One top-level HTML block and the text blocks inside it."""

    kind: str
    html: str
    parts: list[_Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The plain text of its parts, separated by a blank line."""
        return "\n\n".join(p.text for p in self.parts)


class _Run:
    """Inline content being gathered into one paragraph."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.text: list[str] = []
        self.links = 0
        self.pending_breaks = 0
        self.has_text = False


class Builder:
    """Turns chosen elements into blocks of clean HTML and plain text."""

    def __init__(self, dropped: set[int], base: str | None) -> None:
        """Prepares a builder.

        Args:
            dropped: The id() of the elements left out, with their content.
            base: The page's address, for resolving relative links.
        """
        self.dropped = dropped
        self.base = base
        self.blocks: list[Block] = []
        self.run = _Run()
        self.depth = 0

    def build(self, tags: Iterable[Tag]) -> list[Block]:
        """Returns the blocks of these elements, in order."""
        for tag in tags:
            self._block(tag)
        self._flush()
        return self.blocks

    # Runs of inline content.

    def _flush(self) -> None:
        run = self.run
        self.run = _Run()
        if not run.has_text:
            if run.html:
                images = "".join(h for h in run.html if h.startswith("<img"))
                if images:
                    self.blocks.append(Block("figure", f"<figure>{images}</figure>"))
            return
        self._emit_paragraph("p", run)

    def _emit_paragraph(self, kind: str, run: _Run) -> None:
        text = _clean_text("".join(run.text))
        if not text:
            return
        html = _clean_html("".join(run.html))
        self.blocks.append(Block(kind, f"<{kind}>{html}</{kind}>", [_Part(text, run.links)]))

    def _add_text(self, value: str) -> None:
        run = self.run
        if value.strip():
            if run.pending_breaks:
                if run.pending_breaks >= 2 and run.has_text:
                    self._flush()
                    run = self.run
                elif run.has_text:
                    run.html.append("<br>")
                    run.text.append("\n")
                run.pending_breaks = 0
            run.has_text = True
        collapsed = _WS.sub(" ", value)
        run.text.append(collapsed)
        run.html.append(escape(collapsed, quote=False))

    def _inline(self, tag: Tag, in_link: bool = False) -> None:
        """Adds an element's content to the current run, opening blocks as needed."""
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                # Absurdly nested markup: keep its words, not its structure.
                self._add_text(" ".join(tag.get_text(" ").split()))
            else:
                self._inline_children(tag, in_link)
        finally:
            self.depth -= 1

    def _inline_children(self, tag: Tag, in_link: bool) -> None:
        dropped = self.dropped
        # Controls laid out side by side with no space between them in the markup
        # ("<a>Ankle</a><a>Calf</a>") are separate words on the screen.
        previous_control = False
        for child in tag.contents:
            if isinstance(child, Tag):
                if id(child) in dropped:
                    continue
                name = child.name
                control = name in _SIDE_BY_SIDE
                if control and previous_control:
                    self._add_text(" ")
                previous_control = control
                if name in BLOCK_TAGS:
                    if in_link:
                        self._inline(child, in_link)
                    else:
                        self._flush()
                        self._block(child)
                elif name == "br":
                    self.run.pending_breaks += 1
                elif name == "img":
                    image = self._image(child)
                    if image:
                        self.run.html.append(image)
                elif name == "a" and not in_link:
                    self._link(child)
                elif name in ("b", "strong", "i", "em"):
                    self.run.html.append(f"<{name}>")
                    self._inline(child, in_link)
                    self.run.html.append(f"</{name}>")
                else:
                    self._inline(child, in_link)
            elif type(child) is NavigableString:
                previous_control = False
                self._add_text(child)

    def _link(self, tag: Tag) -> None:
        href = str(tag.get("href") or "").strip()
        if href.lower().startswith(("javascript:", "mailto:", "data:")) or not href:
            self._inline(tag, in_link=True)
            return
        if self.base:
            with contextlib.suppress(ValueError):
                href = urljoin(self.base, href)
        run = self.run
        before = sum(len(t.strip()) for t in run.text)
        # Still counted as a link for the scores; written as one only when it is
        # safe to open ("java\tscript:", "vbscript:", "file:" are not).
        safe = _is_safe_href(href)
        if safe:
            run.html.append(f'<a href="{escape(href)}">')
        self._inline(tag, in_link=True)
        if safe:
            self.run.html.append("</a>")
        if self.run is run:
            run.links += sum(len(t.strip()) for t in run.text) - before

    def _image(self, tag: Tag) -> str | None:
        src = str(tag.get("src") or "").strip()
        if _PLACEHOLDER_SRC.search(src):
            lazy = next(
                (str(tag.get(a)).strip() for a in _LAZY_SRC_ATTRS if tag.get(a)),
                "",
            )
            src = lazy if lazy and not lazy.lower().startswith("data:") else ""
        if not src or src.lower().startswith("data:"):
            return None
        alt = collapse(str(tag.get("alt") or ""))
        alt_attr = f' alt="{escape(alt)}"' if alt else ""
        return f'<img src="{escape(src)}"{alt_attr}>'

    # Blocks.

    def _block(self, tag: Tag) -> None:
        if id(tag) in self.dropped:
            return
        name = tag.name
        if name in HEADINGS:
            self._flush()
            level = max(2, int(name[1]))
            self._inline(tag)
            run = self.run
            self.run = _Run()
            if run.has_text:
                self._emit_paragraph(f"h{level}", run)
        elif name == "p":
            self._flush()
            self._inline(tag)
            self._flush()
        elif name in ("ul", "ol"):
            self._flush()
            self._list(tag)
        elif name == "blockquote":
            self._flush()
            self._nested(tag, "blockquote")
        elif name == "pre":
            self._flush()
            raw = tag.get_text().strip("\n")
            if raw.strip():
                self.blocks.append(
                    Block("pre", f"<pre>{escape(raw, quote=False)}</pre>", [_Part(raw, 0)])
                )
        elif name == "table":
            self._flush()
            if not self._simple_table(tag):
                self._inline(tag)
                self._flush()
        elif name == "figure":
            self._flush()
            self._figure(tag)
        elif name == "hr":
            self._flush()
        else:
            self._flush()
            self._inline(tag)
            self._flush()

    def _nested(self, tag: Tag, wrapper: str) -> None:
        outer = self.blocks
        self.blocks = []
        self._inline(tag)
        self._flush()
        inner = self.blocks
        self.blocks = outer
        parts = [p for b in inner for p in b.parts]
        if parts:
            body = "".join(b.html for b in inner)
            self.blocks.append(Block(wrapper, f"<{wrapper}>{body}</{wrapper}>", parts))

    def _list(self, tag: Tag) -> None:
        items: list[str] = []
        parts: list[_Part] = []
        for child in tag.find_all("li", recursive=False):
            if id(child) in self.dropped:
                continue
            outer_blocks, outer_run = self.blocks, self.run
            self.blocks, self.run = [], _Run()
            self._inline(child)
            self._flush()
            inner = self.blocks
            self.blocks, self.run = outer_blocks, outer_run
            texts = [p for b in inner for p in b.parts]
            if not texts:
                continue
            text = " ".join(p.text for p in texts)
            html = " ".join(_strip_block_tags(b.html) for b in inner)
            items.append(f"<li>{html}</li>")
            parts.append(_Part(text, sum(p.links for p in texts)))
        if items:
            kind = tag.name
            self.blocks.append(Block(kind, f"<{kind}>{''.join(items)}</{kind}>", parts))

    def _simple_table(self, tag: Tag) -> bool:
        if tag.find(("table", "p", "div", "ul", "ol", "h1", "h2", "h3", "blockquote")):
            return False
        rows_html: list[str] = []
        parts: list[_Part] = []
        for row in tag.find_all("tr"):
            if id(row) in self.dropped:
                continue
            cells_html: list[str] = []
            cells_text: list[str] = []
            links = 0
            for cell in row.find_all(("td", "th"), recursive=False):
                outer_blocks, outer_run = self.blocks, self.run
                self.blocks, self.run = [], _Run()
                self._inline(cell)
                run = self.run
                self.blocks, self.run = outer_blocks, outer_run
                text = _clean_text("".join(run.text))
                cells_text.append(text)
                links += run.links
                cells_html.append(f"<{cell.name}>{_clean_html(''.join(run.html))}</{cell.name}>")
            if any(cells_text):
                rows_html.append(f"<tr>{''.join(cells_html)}</tr>")
                parts.append(_Part(" ".join(t for t in cells_text if t), links))
        if not parts:
            return True
        self.blocks.append(Block("table", f"<table>{''.join(rows_html)}</table>", parts))
        return True

    def _caption_belongs(self, figure: Tag, images: list[str], text: str) -> bool:
        """Tells whether a figure's caption is kept, in the html and the text alike.

        The article's text is its running prose; a caption describes a picture. It
        is kept only for one picture shown inside the prose (after the first
        paragraph: not the lead photo above the text, not a gallery) and only when
        it is a sentence of its own rather than a credit or a label.
        """
        if len(images) != 1 or is_credit(text):
            return False
        if not any(b.kind == "p" and b.parts for b in self.blocks):
            return False
        return len(text.split()) >= 6 and bool(SENTENCE_END.search(text))

    def _figure(self, tag: Tag) -> None:
        images = [
            image
            for img in tag.find_all("img")
            if id(img) not in self.dropped
            and not any(id(a) in self.dropped for a in img.parents if a is not tag)
            and (image := self._image(img))
        ]
        caption_part: _Part | None = None
        caption_html = ""
        caption = tag.find("figcaption")
        if caption is not None and id(caption) not in self.dropped:
            outer_blocks, outer_run = self.blocks, self.run
            self.blocks, self.run = [], _Run()
            self._inline(caption)
            self._flush()
            inner = self.blocks
            self.blocks, self.run = outer_blocks, outer_run
            texts = [p.text for b in inner for p in b.parts]
            text = strip_credit(" ".join(texts))
            if text and self._caption_belongs(tag, images, text):
                caption_part = _Part(text, sum(p.links for b in inner for p in b.parts))
                body = " ".join(_strip_block_tags(b.html) for b in inner)
                caption_html = f"<figcaption>{body}</figcaption>"
        if not images and caption_part is None:
            return
        html = f"<figure>{''.join(images)}{caption_html}</figure>"
        self.blocks.append(Block("figure", html, [caption_part] if caption_part else []))


def _is_safe_href(href: str) -> bool:
    """True for a web link (http, https, ftp) or one without a scheme.

    Browsers drop ASCII tabs and newlines anywhere in a URL and control
    characters and spaces around it, so those are dropped before the scheme
    is read: ``java&#9;script:`` is a javascript: link.
    """
    compact = _URL_IGNORED.sub("", href).lower()
    match = _URL_SCHEME.match(compact)
    return match is None or match.group(1) in _SAFE_SCHEMES


def _strip_block_tags(html: str) -> str:
    """Unwraps one paragraph-level block (<p>...</p>) to its inline content."""
    match = re.match(r"^<(p|h[2-6])>(.*)</\1>$", html, re.DOTALL)
    return match.group(2) if match else html


def _clean_text(value: str) -> str:
    lines = (" ".join(line.split()) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def _clean_html(value: str) -> str:
    value = _WS.sub(" ", value).strip()
    value = re.sub(r"(?:\s*<br>\s*)+$", "", value)
    value = re.sub(r"^(?:\s*<br>\s*)+", "", value)
    previous = None
    while previous != value:
        previous = value
        value = _EMPTY_INLINE.sub("", value)
    return value.strip()


def filter_blocks(blocks: list[Block], title: str) -> list[Block]:
    """Drops the repeated headline, credits, link lists and interface fragments."""
    title_key = norm(title)
    kept: list[Block] = []
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        if not block.parts:
            kept.append(block)
            continue
        text = block.text
        total = sum(len(p.text) for p in block.parts)
        links = sum(p.links for p in block.parts)
        if not _WORD_CHAR.search(text):
            continue
        if index < 4 and title_key and norm(text) == title_key:
            continue
        if block.kind in ("ul", "ol") and total and links / total > 0.5:
            continue
        if total and links / total > 0.7:
            continue
        if is_dateline(text):
            continue
        if (index < 6 or index >= len(blocks) - 2) and is_byline(text):
            continue
        key = norm(text)
        if len(key) >= 20 and not block.kind.startswith("h"):
            # Galleries and lightboxes repeat the same caption, and pages repeat a
            # call to action ("Click here to download"). Short lines without links
            # do repeat in a real article: the steps of a plan, a recipe's sections.
            if key in seen and (len(key) >= 100 or links):
                continue
            seen.add(key)
        if collapse(text).lower().strip(" .:…") in UI_LINES:
            continue
        if block.kind in ("p", "figure") and is_credit(text):
            continue
        kept.append(block)
    # A heading left at the end announced a list that was dropped ("Related stories").
    while kept and kept[-1].kind.startswith("h") and kept[-1].parts:
        kept.pop()
    # Images alone at the very start or end are page furniture more often than not.
    while kept and not kept[-1].parts:
        kept.pop()
    return kept


def html_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks that have HTML to show."""
    return [b for b in blocks if b.html]
