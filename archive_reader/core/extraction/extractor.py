"""Saved HTML -> the article's main text, clean HTML and metadata (BeautifulSoup on lxml).

The extractor works in three passes over one parsed tree:

1. ``_Analysis`` walks the tree once (iteratively, post-order), drops what can
   never be article text (scripts, navigation, hidden and boilerplate-classed
   elements), collects metadata tags on the way, and computes every element's
   text length, link text length and comma count bottom-up.
2. Text blocks (paragraphs, preformatted text, text-holding divs) give points
   to their parent and grandparents; the best-scoring container, adjusted for
   link density and class hints, is the article. Sibling blocks that look like
   part of it are added.
3. ``_Builder`` turns the chosen elements into blocks (headings, paragraphs,
   lists, quotes, tables, figures), each with its plain text and clean HTML;
   a last filter drops the repeated headline, photo credits, link lists and
   interface fragments.

Captions: the text is the article's running prose, so a caption is kept (in the
html and the text alike) only for a single picture shown inside the prose, after
the first paragraph, when it is a sentence of its own; lead photos, galleries,
credits and caption elements laid out outside <figure> keep their picture only.
The language is the page's declaration checked against py3langid on the text.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)

from archive_reader.core.models import ExtractedArticle

logger = logging.getLogger(__name__)

__all__ = ["extract_article"]

# --- what is never article text -------------------------------------------------------------

_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "canvas",
        "button",
        "input",
        "select",
        "textarea",
        "option",
        "label",
        "nav",
        "aside",
        "footer",
        "menu",
        "dialog",
        "audio",
        "video",
        "map",
        "link",
        "meta",
        "title",
        "base",
    }
)

# Boilerplate words, matched against the tokens of class/id/role values (split on
# spaces, "-", "_" and camelCase). A token matches when it starts with one of the
# prefixes, or equals one of the exact words; so "header", "shadow" and "readable"
# never match "ad". Strong words drop an element outright. Weak words also name
# page-wide wrappers on some sites ("non-ad-column", "pg-right-rail pg-wrapper"), so
# an element marked only by them is dropped unless it holds a lot of paragraph text.
_STRONG_PREFIXES = (
    "nav",
    "menu",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "gdpr",
    "comment",
    "disqus",
    "footer",
    "breadcrumb",
    "byline",
    "tags",
    "tagcloud",
    "taglist",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "signup",
    "signin",
    "login",
    "masthead",
    "toolbar",
    "pagination",
    "pager",
    "skiplink",
    "dateline",
    "timestamp",
    "author",
    "credit",
    "copyright",
    "trending",
    "popular",
    "mostread",
    "follow",
    "rating",
)
_STRONG_WORDS = frozenset(
    {"tag", "share", "complementary", "contentinfo", "navigation", "social", "sr", "offscreen"}
)
_WEAK_PREFIXES = (
    "advert",
    "adsense",
    "adslot",
    "adsbygoogle",
    "adunit",
    "adcontainer",
    "adwrap",
    "sidebar",
    "banner",
    "promo",
    "sponsor",
    "paywall",
    "widget",
    "teaser",
    "print",
    "email",
    "jump",
    "overlay",
)
_WEAK_WORDS = frozenset(
    {
        "ad",
        "ads",
        "adv",
        "tools",
        "rail",
        "skip",
        "hidden",
        "hide",
        "meta",
        "search",
        "alert",
        "dialog",
        "more",
        "utility",
        "utilities",
        "extra",
        "visually",
        "screen",
    }
)
# A weak-marked element holding this much paragraph text is a wrapper, not an ad.
_WRAPPER_TEXT = 1000
# Tokens that say "this is the article": an element carrying one of them is kept even
# if another token looks like boilerplate ("article-body comments-on").
_CONTENT_TOKENS = frozenset(
    {
        "articlebody",
        "article",
        "articletext",
        "articlecontent",
        "storybody",
        "story",
        "storytext",
        "storycontent",
        "entry",
        "entrycontent",
        "postbody",
        "postcontent",
        "posttext",
        "body",
        "content",
        "text",
        "main",
        "maincontent",
        "hentry",
        "blog",
        "prose",
    }
)
_POSITIVE_TOKENS = _CONTENT_TOKENS | {"post", "page", "column", "paragraph"}
_NEGATIVE_TOKENS = frozenset(
    {"meta", "footnote", "foot", "widget", "hidden", "shoutbox", "link", "links", "list", "card"}
)

_TOKEN_SPLIT = re.compile(r"[\s_\-:./]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose content is laid out as blocks: they end the current inline run.
_BLOCK_TAGS = frozenset(
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
    | _HEADINGS
)
_CONTAINER_TAGS = ["p", "div", "section", "article", "ul", "ol", "table", "h2", "h3"]
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
_MAX_DEPTH = 150
_ANCESTOR_SHARE = (1.0, 0.5, 0.25)

_WS = re.compile(r"\s+")
_COMMAS = re.compile(r"[,，、،]")
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"”’»)]\s*$")
_WORD_CHAR = re.compile(r"\w")
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = frozenset(("http", "https", "ftp"))
_XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*>")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\s*\d+\s*\)\s*(\S+?)\s*-->", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])")
_ISO_PREFIX = re.compile(
    r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})"
    r"|([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2}))\b"
)
# Dates written with numbers only: 2024年6月10日, 10.06.2024, 10/06/2024, 2024/06/10.
_NUMERIC_DATE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}\b|\b(?:19|20)\d{2}[./]\d{1,2}[./]\d{1,2}\b"
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»:~/]+\s+|\s*::\s*|:\s+")
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?", re.IGNORECASE)
_STAMP_WORDS = ("updated", "published", "posted", "modified", "aktualisiert", "actualizado")
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s*[:\s]\s*", re.IGNORECASE)
# Short interface lines that sites leave between paragraphs. General words, not any
# one site's text.
_UI_LINES = frozenset(
    {
        "advertisement",
        "advertisements",
        "advertising",
        "ad",
        "sponsored",
        "sponsored content",
        "anzeige",
        "werbung",
        "publicidad",
        "publicité",
        "pubblicità",
        "reklama",
        "share",
        "share this",
        "share this article",
        "share this story",
        "tweet",
        "print",
        "email",
        "e-mail",
        "read more",
        "read more:",
        "continue reading",
        "continue reading below",
        "story continues below",
        "article continues below",
        "advertisement continue reading below",
        "scroll to continue with content",
        "click to enlarge",
        "enlarge this image",
        "toggle caption",
        "hide caption",
        "show caption",
        "view gallery",
        "close",
        "loading",
        "loading...",
        "related",
        "related articles",
        "related stories",
        "comments",
        "leave a comment",
        "image",
        "photo",
        "video",
        "caption",
        "explore further",
        "don't miss",
        "more on this story",
        "listen to this article",
    }
)
_CREDIT_LINE = re.compile(
    r"^\s*[(\[]?\s*(?:photo|photos|photograph|picture|image|credit|credits|source|foto|"
    r"bild|imagen|crédit|fotografía|illustration)\s*(?:by|:|credit|©)",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(
    r"(?:\(|\b)(?:getty images|afp|ap photo|reuters|shutterstock|istock|epa|©)[^.]{0,60}\)?\s*$",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    {"updated", "published", "posted", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"est", "edt", "gmt", "utc", "cet", "bst", "pst", "pdt"}
    | set(_MONTHS)
)
_CAPTION_CREDIT = re.compile(
    r"\s*(?:\((?:image|photo|picture|credit|foto|source)s?\s*:[^)]*\)"
    r"|\b(?:image|photo|picture|credit|foto)s?\s*(?:credit)?\s*:\s*[^.]{1,60})\s*$",
    re.IGNORECASE,
)
_PLACEHOLDER_SRC = re.compile(
    r"^(?:data:|about:blank|$)|(?:blank|spacer|pixel|placeholder|transparent|grey|gray|"
    r"lazy|loading)[\w\-]*\.(?:gif|png|svg|jpg)",
    re.IGNORECASE,
)
_LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url")
_EMPTY_INLINE = re.compile(r"<(a|b|i|em|strong)(?:\s[^>]*)?>\s*</\1>")
_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "webpage",
)


# --- public API -----------------------------------------------------------------------------


def extract_article(html: str, url: str | None = None) -> ExtractedArticle:
    """Extracts the main article and its metadata from a saved web page.

    Never raises on odd input: a page with no article gives an ExtractedArticle
    with an empty ``title`` and ``text`` (the importer then skips it).

    Args:
        html: The page as decoded text (HTML or XHTML, possibly truncated).
        url: The address the page was captured from, when the container knows it
            (MHTML Snapshot-Content-Location, WARC-Target-URI). Used as a fallback
            canonical URL and as the base for resolving relative links.

    Returns:
        The article: title, plain text (blocks separated by a blank line), the same
        blocks as clean HTML, and whatever metadata the page declares.
    """
    if not html or not html.strip():
        return ExtractedArticle(title="", text="", html="", url=_http_url(url))
    saved_from = _saved_from_url(html)
    soup = _parse(html)
    first = _Analysis(soup, use_classes=True, collect_meta=True)
    meta = _Metadata(first, url=url, saved_from=saved_from)
    base = _http_url(url) or saved_from or meta.url
    blocks = _article_blocks(first, base, meta.title)
    text_len = sum(len(b.text) for b in blocks)
    if text_len < 250 and len(html) > 5000:
        # Boilerplate words in class names sometimes sit on the article's own
        # container ("post has-sidebar"); try again trusting tags only.
        second = _Analysis(soup, use_classes=False, collect_meta=False)
        retry = _article_blocks(second, base, meta.title)
        if sum(len(b.text) for b in retry) > max(2 * text_len, 250):
            blocks = retry
    text = "\n\n".join(b.text for b in blocks if b.parts)
    return ExtractedArticle(
        title=meta.title,
        text=text,
        html="\n".join(b.html for b in _html_blocks(blocks)),
        url=meta.url,
        author=meta.author,
        published=meta.published,
        site_name=meta.site_name,
        language=_language(meta.language, text),
        description=meta.description,
        image=meta.image,
    )


# --- parsing --------------------------------------------------------------------------------


def _parse(html: str) -> BeautifulSoup:
    # An XML declaration makes BeautifulSoup warn that XML is parsed as HTML; the
    # HTML parser is what we want for XHTML pages, and the declaration says nothing.
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    if len(html) <= 256 and "<" not in html:
        # Plain text: BeautifulSoup warns that it looks like a file name or URL.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            return BeautifulSoup(html, "lxml")
    if html.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        # A declaration cut short ("<?xml" and no ">"): the same warning as above.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            return BeautifulSoup(html, "lxml")
    return BeautifulSoup(html, "lxml")


def _saved_from_url(html: str) -> str | None:
    match = _SAVED_FROM.search(html[:2048])
    return _http_url(match.group(1)) if match else None


def _http_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    return None


@lru_cache(maxsize=4096)
def _tokens(value: str) -> tuple[str, ...]:
    value = _CAMEL.sub(r"\1 \2", value)
    return tuple(t for t in _TOKEN_SPLIT.split(value.lower()) if t)


@lru_cache(maxsize=4096)
def _name_verdict(name: str) -> tuple[bool, bool, bool, bool]:
    """Returns (strong, weak, pure content, positive) for one class name or id."""
    tokens = _tokens(name)
    joined = name.lower().replace("-", "").replace("_", "")
    strong = any(t in _STRONG_WORDS or t.startswith(_STRONG_PREFIXES) for t in tokens)
    weak = any(t in _WEAK_WORDS or t.startswith(_WEAK_PREFIXES) for t in tokens)
    content = any(t in _CONTENT_TOKENS for t in tokens) or any(
        w in joined
        for w in ("articlebody", "storybody", "entrycontent", "postcontent", "articlecontent")
    )
    positive = content or any(t in _POSITIVE_TOKENS for t in tokens)
    negative = strong or weak or any(t in _NEGATIVE_TOKENS for t in tokens)
    return strong, weak, content and not strong and not weak, positive and not negative


@lru_cache(maxsize=4096)
def _is_caption_class(value: str) -> bool:
    return any(t.startswith(("caption", "figcaption")) for t in _tokens(value))


@lru_cache(maxsize=4096)
def _class_verdict(value: str) -> tuple[int, float]:
    """Returns (boilerplate level: 0 none, 1 weak, 2 strong; class weight) for class/id/role.

    Each class name is judged alone: WordPress puts "tag-news" beside "hentry" on the
    article itself, while "article-related" names a list of other stories.
    """
    strong = weak = content = positive = negative = False
    for name in value.split():
        n_strong, n_weak, n_content, n_positive = _name_verdict(name)
        strong = strong or n_strong
        weak = weak or n_weak
        content = content or n_content
        positive = positive or n_positive
        negative = negative or n_strong or n_weak
    weight = (25.0 if positive else 0.0) - (25.0 if negative else 0.0)
    if content:
        return 0, weight
    return (2 if strong else 1 if weak else 0), weight


def _class_string(attrs: dict[str, Any]) -> str:
    parts: list[str] = []
    for key in ("class", "id", "role"):
        value = attrs.get(key)
        if value:
            parts.append(" ".join(value) if isinstance(value, list) else str(value))
    return " ".join(parts)


def _is_hidden(attrs: dict[str, Any]) -> bool:
    if "hidden" in attrs:
        return True
    if str(attrs.get("aria-hidden", "")).strip().lower() == "true":
        return True
    style = attrs.get("style")
    if style and ("none" in style or "hidden" in style):
        compact = style.replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


# --- pass 1: one walk over the tree ---------------------------------------------------------


class _Analysis:
    """Per-element text statistics and paragraph scores, computed in one walk."""

    def __init__(self, soup: BeautifulSoup, *, use_classes: bool, collect_meta: bool) -> None:
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
        # Inline elements inside a paragraph that hold a picture.
        self.para_pictures: set[int] = set()
        self.hints: list[Tag] = []
        self.total_text = 0
        # Metadata found on the way.
        self.metas: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.json_ld: list[str] = []
        self.title_text = ""
        self.html_lang = ""
        self.h1s: list[Tag] = []
        self.times: list[Tag] = []
        self.bylines: list[Tag] = []
        self._use_classes = use_classes
        self._collect = collect_meta
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
            if name in _DROP_TAGS or (name == "header" and not in_article):
                dropped.add(id(tag))
                continue
            if attrs and name not in ("html", "body"):
                if _is_hidden(attrs):
                    dropped.add(id(tag))
                    continue
                classes = _class_string(attrs)
                if (
                    classes
                    and name != "figcaption"
                    and _is_caption_class(classes)
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
                    level, weight = _class_verdict(classes)
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
                self.title_text = _collapse(tag.get_text())
        elif name == "html":
            if not self.html_lang:
                self.html_lang = str(attrs.get("lang") or attrs.get("xml:lang") or "")
        elif name == "h1":
            self.h1s.append(tag)
        elif name == "time":
            self.times.append(tag)
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
        for child in tag.contents:
            if isinstance(child, Tag):
                cid = id(child)
                if cid in dropped:
                    continue
                if cid in anchored:
                    holds_anchor = True
                ct = tlen.get(cid, 0)
                para_text += ptext.get(cid, 0)
                text += ct
                links += llen.get(cid, 0)
                comma += commas.get(cid, 0)
                if child.name in _BLOCK_TAGS:
                    block_text += ct
            elif type(child) is NavigableString:
                stripped = child.strip()
                if stripped:
                    text += len(stripped) + 1
                    comma += len(_COMMAS.findall(stripped)) if "," in stripped else 0
        name = tag.name
        key = id(tag)
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
        if (
            key in self.flagged
            and not holds_anchor
            and para_text < _WRAPPER_TEXT
            and (self._use_classes or text < 2 * _WRAPPER_TEXT or links > text * 0.3)
        ):
            dropped.add(key)
            return
        ptext[key] = para_text
        tlen[key] = text
        llen[key] = links
        commas[key] = comma
        if tag.parent is None:
            self.total_text = text
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
        key = id(tag)
        text = self.tlen.get(key, 0)
        return self.llen.get(key, 0) / text if text else 0.0

    def final_score(self, tag: Tag) -> float:
        return self.score.get(id(tag), 0.0) * (1.0 - self.density(tag))


# --- pass 2: choose the article -------------------------------------------------------------


def _ancestors(tag: Tag) -> Iterator[Tag]:
    node = tag.parent
    while node is not None:
        yield node
        node = node.parent


def _choose(analysis: _Analysis) -> list[Tag]:
    """Returns the elements that make up the article, in document order."""
    ranked = sorted(analysis.scored.values(), key=analysis.final_score, reverse=True)
    # Elements dropped after they were scored (weak boilerplate) leave stale entries.
    candidates = [
        c for c in ranked[:50] if analysis.tlen.get(id(c), 0) >= 200 and analysis.alive(c)
    ]
    if not candidates:
        body = analysis.soup.body or analysis.soup
        return [body]
    top = candidates[0]
    best = analysis.final_score(top)
    # When several strong candidates share an ancestor, the article spans them.
    close = [c for c in candidates[1:6] if analysis.final_score(c) >= best * 0.75]
    if len(close) >= 2:
        top_chain = list(_ancestors(top))
        for ancestor in top_chain:
            if ancestor.name in ("html", "[document]"):
                break
            inside = sum(1 for c in close if any(a is ancestor for a in _ancestors(c)))
            if inside >= 2:
                top = ancestor
                break
    # A schema.org articleBody marks the whole body: take it when it agrees.
    for hint in analysis.hints:
        if id(hint) in analysis.dropped or analysis.tlen.get(id(hint), 0) < 200:
            continue
        if any(a is hint for a in _ancestors(top)):
            top = hint
            break
        if any(a is top for a in _ancestors(hint)) and analysis.tlen.get(
            id(hint), 0
        ) >= 0.6 * analysis.tlen.get(id(top), 0):
            top = hint
            break
    # Climb while the parent holds nothing more than this element.
    while top.parent is not None and top.parent.name not in ("body", "html", "[document]"):
        parent = top.parent
        if analysis.tlen.get(id(parent), 0) > analysis.tlen.get(id(top), 0):
            break
        top = parent
    parent = top.parent
    if parent is None or top.name in ("body", "html", "[document]"):
        return [top]
    threshold = max(10.0, max(best, analysis.final_score(top)) * 0.2)
    siblings = [c for c in parent.contents if isinstance(c, Tag) and id(c) not in analysis.dropped]
    keep: list[bool] = []
    for sibling in siblings:
        keep.append(sibling is top or _sibling_belongs(analysis, sibling, threshold))
    # Fill gaps: headings, lists and figures between two kept siblings belong too.
    kept_at = [i for i, k in enumerate(keep) if k]
    first, last = kept_at[0], kept_at[-1]
    for i in range(first, last + 1):
        if not keep[i] and analysis.density(siblings[i]) < 0.5:
            keep[i] = True
    return [s for s, k in zip(siblings, keep, strict=True) if k]


def _sibling_belongs(analysis: _Analysis, tag: Tag, threshold: float) -> bool:
    key = id(tag)
    if tag.name == "article":
        # Another entry of a list of posts, not more of this one.
        return False
    if analysis.final_score(tag) >= threshold and analysis.density(tag) < 0.3:
        return True
    if tag.name not in ("p", "div", "blockquote", "pre"):
        return False
    if tag.name == "div" and tag.find(_CONTAINER_TAGS) is not None:
        # Only paragraph-like divs: a container of its own had its chance to score.
        return False
    text = analysis.tlen.get(key, 0)
    density = analysis.density(tag)
    if text > 80 and density < 0.25:
        return True
    if 0 < text <= 80 and density == 0 and tag.name == "p":
        return bool(_SENTENCE_END.search(_collapse(tag.get_text())))
    return False


# --- pass 3: blocks -------------------------------------------------------------------------


@dataclass(slots=True)
class _Part:
    """One text block: a paragraph, heading, list item, caption or table row."""

    text: str
    links: int


@dataclass(slots=True)
class _Block:
    """One top-level HTML block and the text blocks inside it."""

    kind: str
    html: str
    parts: list[_Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.parts)


class _Run:
    """Inline content being gathered into one paragraph."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.text: list[str] = []
        self.links = 0
        self.pending_breaks = 0
        self.has_text = False


class _Builder:
    """Turns chosen elements into blocks of clean HTML and plain text."""

    def __init__(self, analysis: _Analysis, base: str | None) -> None:
        self.analysis = analysis
        self.base = base
        self.blocks: list[_Block] = []
        self.run = _Run()
        self.depth = 0

    def build(self, tags: Iterable[Tag]) -> list[_Block]:
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
                    self.blocks.append(_Block("figure", f"<figure>{images}</figure>"))
            return
        self._emit_paragraph("p", run)

    def _emit_paragraph(self, kind: str, run: _Run) -> None:
        text = _clean_text("".join(run.text))
        if not text:
            return
        html = _clean_html("".join(run.html))
        self.blocks.append(_Block(kind, f"<{kind}>{html}</{kind}>", [_Part(text, run.links)]))

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
        dropped = self.analysis.dropped
        for child in tag.contents:
            if isinstance(child, Tag):
                if id(child) in dropped:
                    continue
                name = child.name
                if name in _BLOCK_TAGS:
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
        alt = _collapse(str(tag.get("alt") or ""))
        alt_attr = f' alt="{escape(alt)}"' if alt else ""
        return f'<img src="{escape(src)}"{alt_attr}>'

    # Blocks.

    def _block(self, tag: Tag) -> None:
        if id(tag) in self.analysis.dropped:
            return
        name = tag.name
        if name in _HEADINGS:
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
                    _Block("pre", f"<pre>{escape(raw, quote=False)}</pre>", [_Part(raw, 0)])
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
            self.blocks.append(_Block(wrapper, f"<{wrapper}>{body}</{wrapper}>", parts))

    def _list(self, tag: Tag) -> None:
        items: list[str] = []
        parts: list[_Part] = []
        for child in tag.find_all("li", recursive=False):
            if id(child) in self.analysis.dropped:
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
            self.blocks.append(_Block(kind, f"<{kind}>{''.join(items)}</{kind}>", parts))

    def _simple_table(self, tag: Tag) -> bool:
        if tag.find(("table", "p", "div", "ul", "ol", "h1", "h2", "h3", "blockquote")):
            return False
        rows_html: list[str] = []
        parts: list[_Part] = []
        for row in tag.find_all("tr"):
            if id(row) in self.analysis.dropped:
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
        self.blocks.append(_Block("table", f"<table>{''.join(rows_html)}</table>", parts))
        return True

    def _caption_belongs(self, figure: Tag, images: list[str], text: str) -> bool:
        """Tells whether a figure's caption is kept, in the html and the text alike.

        The article's text is its running prose; a caption describes a picture. It
        is kept only for one picture shown inside the prose (after the first
        paragraph: not the lead photo above the text, not a gallery) and only when
        it is a sentence of its own rather than a credit or a label.
        """
        if len(images) != 1 or _is_credit(text):
            return False
        if not any(b.kind == "p" and b.parts for b in self.blocks):
            return False
        return len(text.split()) >= 6 and bool(_SENTENCE_END.search(text))

    def _figure(self, tag: Tag) -> None:
        images = [
            image
            for img in tag.find_all("img")
            if id(img) not in self.analysis.dropped
            and not any(id(a) in self.analysis.dropped for a in img.parents if a is not tag)
            and (image := self._image(img))
        ]
        caption_part: _Part | None = None
        caption_html = ""
        caption = tag.find("figcaption")
        if caption is not None and id(caption) not in self.analysis.dropped:
            outer_blocks, outer_run = self.blocks, self.run
            self.blocks, self.run = [], _Run()
            self._inline(caption)
            self._flush()
            inner = self.blocks
            self.blocks, self.run = outer_blocks, outer_run
            texts = [p.text for b in inner for p in b.parts]
            text = _strip_credit(" ".join(texts))
            if text and self._caption_belongs(tag, images, text):
                caption_part = _Part(text, sum(p.links for b in inner for p in b.parts))
                body = " ".join(_strip_block_tags(b.html) for b in inner)
                caption_html = f"<figcaption>{body}</figcaption>"
        if not images and caption_part is None:
            return
        html = f"<figure>{''.join(images)}{caption_html}</figure>"
        self.blocks.append(_Block("figure", html, [caption_part] if caption_part else []))


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


def _collapse(value: str) -> str:
    return " ".join(value.split())


def _norm(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _is_credit(text: str) -> bool:
    if len(text) > 150:
        return False
    return bool(_CREDIT_LINE.search(text)) or (
        len(text) < 80 and bool(_CREDIT_TAIL.search(text)) and text.count(" ") < 8
    )


def _is_byline(text: str) -> bool:
    """Tells whether a short block names the author ("By Ann Lee - 11/18/19 11:04 PM")."""
    if len(text) > 80:
        return False
    match = _BY_PREFIX.match(text)
    if not match:
        return False
    rest = text[match.end() :]
    if not rest[:1].isupper():
        return False
    dated = _is_dateline(rest) or bool(
        _NUMERIC_DATE.search(rest) or _MONTH_DATE.search(rest) or _CLOCK_TIME.search(rest)
    )
    return dated or len(rest.split()) <= 5


def _is_dateline(text: str) -> bool:
    """Tells whether a short block is only a date or time ("Oct 12, 2017 | Updated 10:48")."""
    if len(text) > 80:
        return False
    found = _MONTH_DATE.search(text) or _ISO_PREFIX.search(text) or _NUMERIC_DATE.search(text)
    if not found:
        # A time alone heads an entry of a live blog ("4:14 p.m."); with "Updated"
        # it is the page's timestamp.
        lowered = text.lower()
        if not _CLOCK_TIME.search(text) or not any(w in lowered for w in _STAMP_WORDS):
            return False
    rest = _NUMERIC_DATE.sub(" ", _MONTH_DATE.sub(" ", _ISO_PREFIX.sub(" ", text)))
    rest = _CLOCK_TIME.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]{3,}", rest) if w.lower() not in _DATE_WORDS]
    return len(words) <= 1


def _strip_credit(caption: str) -> str:
    """Removes a trailing photo credit from a caption ("... (Image: Agency)")."""
    return _CAPTION_CREDIT.sub("", caption).strip()


def _article_blocks(analysis: _Analysis, base: str | None, title: str) -> list[_Block]:
    chosen = _choose(analysis)
    blocks = _Builder(analysis, base).build(chosen)
    return _filter_blocks(blocks, title)


def _filter_blocks(blocks: list[_Block], title: str) -> list[_Block]:
    """Drops the repeated headline, credits, link lists and interface fragments."""
    title_key = _norm(title)
    kept: list[_Block] = []
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
        if index < 4 and title_key and _norm(text) == title_key:
            continue
        if block.kind in ("ul", "ol") and total and links / total > 0.5:
            continue
        if total and links / total > 0.7:
            continue
        if _is_dateline(text):
            continue
        if (index < 6 or index >= len(blocks) - 2) and _is_byline(text):
            continue
        key = _norm(text)
        if len(key) >= 20 and not block.kind.startswith("h"):
            # Galleries and lightboxes repeat the same caption, and pages repeat a
            # call to action ("Click here to download"). Short lines without links
            # do repeat in a real article: the steps of a plan, a recipe's sections.
            if key in seen and (len(key) >= 100 or links):
                continue
            seen.add(key)
        if _collapse(text).lower().strip(" .:…") in _UI_LINES:
            continue
        if block.kind in ("p", "figure") and _is_credit(text):
            continue
        kept.append(block)
    # A heading left at the end announced a list that was dropped ("Related stories").
    while kept and kept[-1].kind.startswith("h") and kept[-1].parts:
        kept.pop()
    # Images alone at the very start or end are page furniture more often than not.
    while kept and not kept[-1].parts:
        kept.pop()
    return kept


def _html_blocks(blocks: list[_Block]) -> list[_Block]:
    return [b for b in blocks if b.html]


# --- metadata -------------------------------------------------------------------------------


class _Metadata:
    """Title, author, dates, names and URLs from meta tags, JSON-LD and markup."""

    def __init__(self, analysis: _Analysis, *, url: str | None, saved_from: str | None) -> None:
        self._metas: dict[str, list[str]] = {}
        for attrs in analysis.metas:
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            key = key or attrs.get("http-equiv")
            content = attrs.get("content")
            if key and content and isinstance(key, str):
                self._metas.setdefault(key.strip().lower(), []).append(_collapse(str(content)))
        self._ld = _json_ld_article(analysis.json_ld)
        self.url = self._canonical(analysis, url, saved_from)
        self.site_name = self._site_name()
        self.title = self._title(analysis)
        self.author = self._author(analysis)
        self.published = self._published(analysis, url, saved_from)
        self.language = self._language(analysis)
        self.description = self._meta("description", "og:description", "twitter:description")
        if self.description is None and isinstance(self._ld.get("description"), str):
            self.description = _collapse(self._ld["description"]) or None
        image = self._meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
        self.image = urljoin(self.url, image) if image and self.url else image

    def _meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self._metas.get(key, ()):
                if value:
                    return value
        return None

    def _canonical(
        self, analysis: _Analysis, url: str | None, saved_from: str | None
    ) -> str | None:
        base = _http_url(url) or saved_from
        links: list[str] = []
        for attrs in analysis.links:
            rel = attrs.get("rel") or []
            rels = rel if isinstance(rel, list) else str(rel).split()
            if "canonical" in (r.lower() for r in rels) and attrs.get("href"):
                links.append(str(attrs["href"]))
        canonical = _first_http(links, base)
        own = _first_http(self._metas.get("og:url", []), base)
        # A syndicated copy: its canonical link names the original publisher, og:url
        # the copy itself, which the title, site name and text describe.
        if (
            canonical
            and own
            and _domain(canonical) != _domain(own)
            and urlsplit(own).path.strip("/")
        ):
            return own
        return canonical or own or base

    def _site_name(self) -> str | None:
        name = self._meta("og:site_name")
        if not name:
            publisher = self._ld.get("publisher")
            if isinstance(publisher, list) and publisher:
                publisher = publisher[0]
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                name = _collapse(publisher["name"])
        name = name or self._meta("application-name")
        if name:
            return name
        return _domain(self.url)

    def _title(self, analysis: _Analysis) -> str:
        page_title = analysis.title_text
        h1s = [t for t in (_collapse(h.get_text(" ")) for h in analysis.h1s[:5]) if t]
        headline = self._ld.get("headline") or self._ld.get("name")
        preferred = [
            self._meta("og:title"),
            self._meta("twitter:title"),
            _collapse(headline) if isinstance(headline, str) else None,
        ]
        for candidate in preferred:
            if candidate:
                return self._strip_site(candidate, h1s)
        for h1 in h1s:
            # A headline is most of the <title>; a section heading that happens
            # to be a word of it ("Reviews") is not.
            key = _norm(h1)
            whole = _norm(page_title or "")
            if key and key in whole and len(key) >= max(10, 0.4 * len(whole)):
                return h1
        if page_title:
            return self._strip_site(page_title, h1s)
        return h1s[0] if h1s else ""

    def _strip_site(self, title: str, others: list[str]) -> str:
        """Removes a " - Site" / " | Site" / "Site: " part that names the site."""
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            return title
        site_keys = {k for k in (_norm(self.site_name or ""), _norm(_domain(self.url) or "")) if k}
        domain = _domain(self.url) or ""
        if domain:
            site_keys.add(_norm(domain.split(".")[0]))
            labels = domain.split(".")
            if len(labels) >= 2:
                site_keys.add(_norm(labels[-2]))
        other_keys = {_norm(o) for o in others}
        for part in parts:
            if _norm(part) in other_keys and len(part) > 10:
                return part.strip()

        def is_site(part: str) -> bool:
            key = _norm(part)
            return bool(key) and any(key == s or (len(s) > 3 and s in key) for s in site_keys)

        # Remove site parts from either end.
        separators = _TITLE_SEPARATORS.findall(title)
        pieces = [parts[0]]
        for sep, part in zip(separators, parts[1:], strict=False):
            pieces.extend([sep, part])
        while len(pieces) >= 3 and is_site(pieces[-1]):
            pieces = pieces[:-2]
        while len(pieces) >= 3 and is_site(pieces[0]):
            pieces = pieces[2:]
        cleaned = "".join(pieces).strip()
        return cleaned or title

    def _author(self, analysis: _Analysis) -> str | None:
        names: list[str] = []
        names.extend(_ld_names(self._ld.get("author")))
        if not names:
            for key in ("author", "article:author", "dc.creator", "dcterms.creator", "byl"):
                for value in self._metas.get(key, ()):
                    if not _http_url(value) and not value.startswith("/"):
                        names.append(value)
                if names:
                    break
        if not names:
            for tag in analysis.bylines[:10]:
                name_tag = tag.find(attrs={"itemprop": "name"}) if tag.name != "a" else None
                source = name_tag or tag
                text = (
                    str(source.get("content") or "")
                    if source.name == "meta"
                    else _without_dates(source)
                )
                text = _BY_PREFIX.sub("", text).strip(" ,|")
                if 2 < len(text) <= 80 and not _http_url(text):
                    names.append(text)
                    break
        seen: list[str] = []
        for name in names:
            name = _BY_PREFIX.sub("", _collapse(name)).strip(" ,")
            if name and name.lower() not in (s.lower() for s in seen):
                seen.append(name)
        return ", ".join(seen) or None

    def _published(
        self, analysis: _Analysis, url: str | None, saved_from: str | None
    ) -> str | None:
        values: list[str] = []
        for key in ("datepublished", "datecreated"):
            for ld_key, value in self._ld.items():
                if ld_key.lower() == key and isinstance(value, str):
                    values.append(value)
        for key in (
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publication_date",
            "sailthru.date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.created",
            "parsely-pub-date",
            "article.published",
        ):
            values.extend(self._metas.get(key, []))
        for tag in analysis.times[:5]:
            if tag.get("datetime"):
                values.append(str(tag["datetime"]))
        for byline in analysis.bylines[:10]:  # a date printed in the byline
            values.extend(_collapse(date.get_text(" ")) for date in _dates_in(byline))
        for value in values:
            normalised = _normalise_date(value)
            if normalised:
                return normalised
        for candidate in (self.url, url, saved_from):
            if candidate:
                match = _URL_DATE.search(candidate)
                if match:
                    year, month, day = (int(g) for g in match.groups())
                    if _valid_date(year, month, day):
                        return f"{year:04d}-{month:02d}-{day:02d}"
        return None

    def _language(self, analysis: _Analysis) -> str | None:
        for value in (
            analysis.html_lang,
            self._meta("content-language"),
            self._meta("og:locale"),
            self._meta("language", "dc.language"),
            self._ld.get("inLanguage") if isinstance(self._ld.get("inLanguage"), str) else None,
        ):
            code = _normalise_language(value or "")
            if code:
                return code
        return None


def _dates_in(tag: Tag) -> list[Tag]:
    """The elements of a byline that hold its date ("<span class=datetime>", <time>)."""
    return [
        child
        for child in tag.find_all(True)
        if child.name == "time"
        or any(
            "date" in c or "time" in c for c in (str(x).lower() for x in child.get("class") or [])
        )
    ]


def _without_dates(tag: Tag) -> str:
    """A byline's text without the date printed in it ("by Ann Lee<br>Monday, May 4")."""
    text = _collapse(tag.get_text(" "))
    for date in _dates_in(tag):
        shown = _collapse(date.get_text(" "))
        if shown:
            text = text.replace(shown, " ")
    return _collapse(text)


def _first_http(candidates: list[str], base: str | None) -> str | None:
    """Returns the first candidate that is (or resolves against base to) an http URL."""
    for candidate in candidates:
        candidate = candidate.strip()
        if base:
            try:
                candidate = urljoin(base, candidate)
            except ValueError:
                continue
        if _http_url(candidate):
            return candidate
    return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


def _json_ld_article(scripts: list[str]) -> dict[str, Any]:
    """Returns the first JSON-LD object of an article type (or any object as fallback)."""
    found: list[dict[str, Any]] = []
    for script in scripts:
        try:
            data = json.loads(script.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        found.extend(_ld_objects(data, 0))
    for wanted in _ARTICLE_TYPES:
        for obj in found:
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() == wanted for k in kinds):
                return obj
    return {}


def _ld_objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _ld_objects(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _ld_objects(main, depth + 1)


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"\s*(?:,| and | & )\s*", value) if v.strip()]
    if isinstance(value, dict):
        name = value.get("name")
        return [_collapse(name)] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    return []


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def _normalise_date(value: str) -> str | None:
    """Returns an ISO 8601 date or date-time for the many ways pages write dates."""
    value = value.strip()
    if not value:
        return None
    match = _ISO_PREFIX.search(value)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if not _valid_date(year, month, day):
            return None
        date = f"{year:04d}-{month:02d}-{day:02d}"
        if match.group(4) is None:
            return date
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return date
        zone = match.group(7) or ""
        if zone and zone != "Z" and ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        if zone == "Z":
            zone = "+00:00"
        return f"{date}T{hour:02d}:{minute:02d}:{second:02d}{zone}"
    match = _COMPACT_DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid_date(year, month, day) else None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.isoformat()
    match = _MONTH_DATE.search(value)
    if match:
        if match.group(1):
            day_s, month_s, year_s = match.group(1), match.group(2), match.group(3)
        else:
            month_s, day_s, year_s = match.group(4), match.group(5), match.group(6)
        month = _MONTHS.get(month_s.lower())
        if month and _valid_date(int(year_s), month, int(day_s)):
            return f"{int(year_s):04d}-{month:02d}-{int(day_s):02d}"
    return None


# Language identification: enough text to be sure, little enough to stay cheap.
_LANGID_CHARS = 1500
_LANGID_MIN_CHARS = 40
_identifier: Any = None


def _identify(text: str) -> tuple[str, float, Any]:
    """Returns (language, confidence, identifier) for the start of a text."""
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        # Loading the model costs ~0.6 s: once per process, on first use.
        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    lang, confidence = _identifier.classify(text[:_LANGID_CHARS])
    return str(lang), float(confidence), _identifier


def _language(declared: str | None, text: str) -> str | None:
    """Returns the page's language: its declaration, checked against its text.

    A page that declares nothing gets the language identified from its text. A
    declaration is kept (with its region, "pt-BR") when the text agrees, and also
    when the text is too short or unclear to tell; it is replaced only when the
    text is long and leaves no doubt that it is in another language (templates
    often declare their default language on every page).
    """
    sample = text.strip()
    if len(sample) < _LANGID_MIN_CHARS:
        return declared
    detected, confidence, identifier = _identify(sample)
    if declared is None:
        return detected if confidence >= 0.5 else None
    primary = declared.split("-")[0]
    if primary == detected or confidence < 0.99 or len(sample) < 200:
        return declared
    scores = dict(identifier.rank(sample[:_LANGID_CHARS]))
    if primary in scores and scores[primary] >= 0.01:
        return declared
    return detected


def _normalise_language(value: str) -> str | None:
    value = value.strip().replace("_", "-")
    if not value:
        return None
    value = value.split(",")[0].split(";")[0].strip()
    parts = [p for p in value.split("-") if p]
    if not parts or not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return None
    code = [parts[0].lower()]
    for part in parts[1:]:
        if re.fullmatch(r"[A-Za-z]{2}|\d{3}", part):
            code.append(part.upper())
        elif re.fullmatch(r"[A-Za-z]{4}", part):
            code.append(part.title())
        else:
            break
    return "-".join(code)
