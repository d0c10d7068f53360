"""Pass 1: the one walk over the parsed tree: what is dropped, text statistics, scores."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from archive_reader.core.extraction.text import collapse
from archive_reader.core.extraction.vocabulary import (
    DROP_TAGS,
    class_string,
    class_verdict,
    is_caption_class,
    is_hidden,
)

# A weak-marked element holding this much paragraph text is a wrapper, not an ad.
WRAPPER_TEXT = 1000
_WRAPPER_TEXT = WRAPPER_TEXT
# Dropped elements that may hold the article after all (see Analysis's ``rescue``).
_SOFT_TAGS = frozenset({"nav", "header", "aside", "footer", "menu", "button", "noscript"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose content is laid out as blocks: they end the current inline run.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "body",
        "html",
    }
    | HEADINGS
)
_PARAGRAPH_TAGS = frozenset({"p", "pre"})
_TEXT_HOLDERS = frozenset({"div", "section", "td", "article", "main", "center", "font", "span"})
_TAG_BONUS = {
    "div": 5.0,
    "article": 8.0,
    "section": 3.0,
    "main": 3.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "form": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "li": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "address": -3.0,
    "th": -5.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
}
_ANCESTOR_SHARE = (1.0, 0.5, 0.25)
_COMMAS = re.compile(r"[,，、،]")


class Analysis:
    """Per-element text statistics and paragraph scores, computed in one walk."""

    def __init__(
        self,
        soup: BeautifulSoup,
        *,
        use_classes: bool,
        collect_meta: bool,
        rescue: bool = False,
        rescue_text: int = _WRAPPER_TEXT,
        posts: bool = False,
    ) -> None:
        """Walks the tree.

        Args:
            soup: The parsed page.
            use_classes: Drop elements whose class names are boilerplate words.
            collect_meta: Collect metadata tags, headlines, dates and bylines.
            rescue: Never drop the article with a dropped element: a navigation,
                header, aside, footer, button, noscript or hidden element is
                kept when it holds ``<main>``/``<article>`` or a wrapper's
                worth of paragraph text (a theme that never closes its
                ``<nav>``, a forum's posts in ``<noscript>``, content streamed
                into a hidden element).
            rescue_text: With ``rescue``, the paragraph text that keeps such an
                element (0 keeps every one that holds paragraph text).
            posts: Keep short elements whose class words are weak boilerplate
                ("comment", "reply") unless they are mostly links: a thread's
                posts (used without ``use_classes``).
        """
        self.soup = soup
        self.dropped: set[int] = set()
        self.tlen: dict[int, int] = {}
        self.llen: dict[int, int] = {}
        self.commas: dict[int, int] = {}
        self.score: dict[int, float] = {}
        self.scored: dict[int, Tag] = {}
        self.weight: dict[int, float] = {}
        self.ptext: dict[int, int] = {}
        self.flagged: set[int] = set()
        # Elements that hold the page's headline or a marked article body.
        self.anchored: set[int] = set()
        # Elements that hold a <main>, an <article> or a marked article body.
        self.holds_main: set[int] = set()
        # Elements dropped only if they hold no article (with ``rescue``).
        self.soft: set[int] = set()
        # Set by ``choose`` when the article is a thread of repeated posts.
        self.thread = False
        # Inline elements inside a paragraph that hold a picture.
        self.para_pictures: set[int] = set()
        self.hints: list[Tag] = []
        # Metadata found on the way.
        self.metas: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.json_ld: list[str] = []
        self.title_text = ""
        self.html_lang = ""
        self.h1s: list[Tag] = []
        self.times: list[Tag] = []
        self.bylines: list[Tag] = []
        # The page's <main> regions (with ``collect_meta``).
        self.mains: list[Tag] = []
        self._use_classes = use_classes
        self._collect = collect_meta
        self._rescue = rescue
        self._rescue_text = rescue_text
        self._posts = posts
        self._walk()

    def _walk(self) -> None:
        # Post-order without recursion: deep pages must not hit the recursion limit.
        stack: list[tuple[Tag, bool, bool, bool]] = [(self.soup, False, False, False)]
        dropped = self.dropped
        while stack:
            tag, done, in_article, in_para = stack.pop()
            if done:
                self._aggregate(tag)
                continue
            name = tag.name
            attrs = tag.attrs
            if self._collect:
                self._collect_meta(tag, name, attrs)
            if name == "img" and in_para:
                self._mark_para_picture(tag)
            if name in DROP_TAGS or (name == "header" and not in_article):
                if not (self._rescue and name in _SOFT_TAGS):
                    dropped.add(id(tag))
                    continue
                self.soft.add(id(tag))
            if attrs and name not in ("html", "body"):
                if is_hidden(attrs):
                    if not self._rescue:
                        dropped.add(id(tag))
                        continue
                    self.soft.add(id(tag))
                classes = class_string(attrs)
                if (
                    classes
                    and name != "figcaption"
                    and is_caption_class(classes)
                    and tag.find("img") is None
                ):
                    # A caption laid out without <figure>/<figcaption> (a div under a
                    # photo, a lightbox's text). A wrapper holding the photo itself
                    # ("wp-caption") stays; its text part goes.
                    dropped.add(id(tag))
                    continue
                # A link inside a paragraph is part of its sentence, whatever its
                # class says ("tag", "author-link").
                if classes and not (in_para and name == "a"):
                    level, weight = class_verdict(classes)
                    if level == 2 and self._use_classes:
                        dropped.add(id(tag))
                        continue
                    if level:
                        self.flagged.add(id(tag))
                    if weight:
                        self.weight[id(tag)] = weight
                if attrs.get("itemprop") == "articleBody":
                    self.hints.append(tag)
                    self.weight[id(tag)] = self.weight.get(id(tag), 0.0) + 30.0
            inside = in_article or name == "article" or attrs.get("itemprop") == "articleBody"
            para = in_para or name == "p"
            stack.append((tag, True, in_article, in_para))
            for child in reversed(tag.contents):
                if isinstance(child, Tag):
                    stack.append((child, False, inside, para))

    def _mark_para_picture(self, img: Tag) -> None:
        node = img.parent
        while node is not None and node.name != "p":
            self.para_pictures.add(id(node))
            node = node.parent

    def _collect_meta(self, tag: Tag, name: str, attrs: dict[str, Any]) -> None:
        if name == "meta":
            self.metas.append(attrs)
        elif name == "link":
            self.links.append(attrs)
        elif name == "script":
            kind = str(attrs.get("type", "")).lower()
            if "ld+json" in kind:
                self.json_ld.append(tag.string or "".join(tag.strings))
        elif name == "title":
            if not self.title_text:
                self.title_text = collapse(tag.get_text())
        elif name == "html":
            if not self.html_lang:
                self.html_lang = str(attrs.get("lang") or attrs.get("xml:lang") or "")
        elif name == "h1":
            self.h1s.append(tag)
        elif name == "time":
            self.times.append(tag)
        elif name == "main" or attrs.get("role") == "main":
            self.mains.append(tag)
        if attrs and name not in ("meta", "link", "html", "body"):
            rel = attrs.get("rel")
            if (
                (rel and "author" in rel)
                or attrs.get("itemprop") == "author"
                or (
                    attrs.get("class")
                    and any("author" in c or "byline" in c for c in attrs["class"])
                )
            ):
                self.bylines.append(tag)

    def _aggregate(self, tag: Tag) -> None:
        dropped = self.dropped
        tlen = self.tlen
        llen = self.llen
        commas = self.commas
        ptext = self.ptext
        anchored = self.anchored
        text = links = comma = 0
        block_text = para_text = 0
        holds_anchor = False
        holds_main = False
        holds = self.holds_main
        for child in tag.contents:
            if isinstance(child, Tag):
                cid = id(child)
                if cid in dropped:
                    continue
                if cid in anchored:
                    holds_anchor = True
                if cid in holds:
                    holds_main = True
                ct = tlen.get(cid, 0)
                para_text += ptext.get(cid, 0)
                text += ct
                links += llen.get(cid, 0)
                comma += commas.get(cid, 0)
                if child.name in BLOCK_TAGS:
                    block_text += ct
            elif type(child) is NavigableString:
                stripped = child.strip()
                if stripped:
                    text += len(stripped) + 1
                    comma += len(_COMMAS.findall(stripped)) if "," in stripped else 0
        name = tag.name
        key = id(tag)
        if (
            holds_main
            or name in ("article", "main")
            or (tag.attrs and tag.attrs.get("itemprop") == "articleBody")
        ):
            holds.add(key)
            holds_main = True
        if (
            holds_anchor
            or name in ("h1", "article", "main")
            or (tag.attrs and tag.attrs.get("itemprop") == "articleBody")
        ):
            anchored.add(key)
            holds_anchor = True
        if name == "a":
            links = text
        elif key in self.para_pictures and text >= 40 and links > 0.5 * text:
            # A picture with a list of links inside a sentence is a hover card
            # (a person's photo and their latest stories), shown only on hover.
            dropped.add(key)
            return
        if name == "head":
            dropped.add(key)
            return
        if name == "form" and (text < 1000 or links > text * 0.5):
            # Search boxes and sign-up forms; but some sites wrap the whole page
            # in one <form>, which must stay.
            dropped.add(key)
            return
        if name in _PARAGRAPH_TAGS:
            para_text = text if text >= 80 and links < text * 0.3 else 0
        elif name in _TEXT_HOLDERS and text - block_text >= 80 and links < text * 0.3:
            para_text += text - block_text
        if key in self.soft and not holds_main and (para_text < self._rescue_text or not para_text):
            dropped.add(key)
            return
        if (
            key in self.flagged
            and not holds_anchor
            and para_text < _WRAPPER_TEXT
            and (
                self._use_classes
                or (text < 2 * _WRAPPER_TEXT and not self._posts)
                or links > text * 0.3
            )
        ):
            dropped.add(key)
            return
        ptext[key] = para_text
        tlen[key] = text
        llen[key] = links
        commas[key] = comma
        if tag.parent is None:
            return
        own = text - block_text
        if name in _PARAGRAPH_TAGS:
            own = text
        elif name not in _TEXT_HOLDERS:
            return
        if own < 25:
            return
        density = links / text if text else 0.0
        if density > 0.5:
            return
        points = (1.0 + comma + min(own / 100.0, 3.0)) * (1.0 - density)
        node: Tag | None = tag if name not in _PARAGRAPH_TAGS else tag.parent
        shares = _ANCESTOR_SHARE if name in _PARAGRAPH_TAGS else (0.5, 0.5, 0.25)
        for share in shares:
            if node is None or node.parent is None:
                break
            nid = id(node)
            if nid not in self.scored:
                self.scored[nid] = node
                self.score[nid] = _TAG_BONUS.get(node.name, 0.0) + self.weight.get(nid, 0.0)
            self.score[nid] += points * share
            node = node.parent

    def page_text(self) -> int:
        """The paragraph text of the whole page, as far as this walk kept it."""
        return self.ptext.get(id(self.soup), 0)

    def alive(self, tag: Tag) -> bool:
        """Tells whether neither the element nor any ancestor was dropped."""
        dropped = self.dropped
        node: Tag | None = tag
        while node is not None:
            if id(node) in dropped:
                return False
            node = node.parent
        return True

    def density(self, tag: Tag) -> float:
        """The share of an element's text that is link text."""
        key = id(tag)
        text = self.tlen.get(key, 0)
        return self.llen.get(key, 0) / text if text else 0.0

    def final_score(self, tag: Tag) -> float:
        """An element's paragraph score, lowered by its link density."""
        return self.score.get(id(tag), 0.0) * (1.0 - self.density(tag))
