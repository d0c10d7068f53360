"""What is never article text: boilerplate tags and class names, credits, bylines, datelines.

Class, id and role values are cut into tokens and judged word by word; short
blocks of text are judged as credits, bylines, datelines or interface lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from archive_reader.core.extraction.dates import (
    CLOCK_TIME,
    ISO_PREFIX,
    MONTH_DATE,
    MONTHS,
    NUMERIC_DATE,
)

DROP_TAGS = frozenset(
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
_STAMP_WORDS = ("updated", "published", "posted", "modified", "aktualisiert", "actualizado")
BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s*[:\s]\s*", re.IGNORECASE)
# Short interface lines that sites leave between paragraphs. General words, not any
# one site's text.
UI_LINES = frozenset(
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
    | set(MONTHS)
)
_CAPTION_CREDIT = re.compile(
    r"\s*(?:\((?:image|photo|picture|credit|foto|source)s?\s*:[^)]*\)"
    r"|\b(?:image|photo|picture|credit|foto)s?\s*(?:credit)?\s*:\s*[^.]{1,60})\s*$",
    re.IGNORECASE,
)


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
def is_caption_class(value: str) -> bool:
    """Tells whether a class/id/role value names a caption."""
    return any(t.startswith(("caption", "figcaption")) for t in _tokens(value))


@lru_cache(maxsize=4096)
def class_verdict(value: str) -> tuple[int, float]:
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


def class_string(attrs: dict[str, Any]) -> str:
    """An element's class, id and role values as one string."""
    parts: list[str] = []
    for key in ("class", "id", "role"):
        value = attrs.get(key)
        if value:
            parts.append(" ".join(value) if isinstance(value, list) else str(value))
    return " ".join(parts)


def is_hidden(attrs: dict[str, Any]) -> bool:
    """Tells whether an element's attributes hide it (hidden, aria-hidden, inline style)."""
    if "hidden" in attrs:
        return True
    if str(attrs.get("aria-hidden", "")).strip().lower() == "true":
        return True
    style = attrs.get("style")
    if style and ("none" in style or "hidden" in style):
        compact = style.replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


def is_credit(text: str) -> bool:
    """Tells whether a short block is a photo credit ("Photo: AFP", "... Getty Images")."""
    if len(text) > 150:
        return False
    return bool(_CREDIT_LINE.search(text)) or (
        len(text) < 80 and bool(_CREDIT_TAIL.search(text)) and text.count(" ") < 8
    )


def is_byline(text: str) -> bool:
    """Tells whether a short block names the author ("By Ann Lee - 11/18/19 11:04 PM")."""
    if len(text) > 80:
        return False
    match = BY_PREFIX.match(text)
    if not match:
        return False
    rest = text[match.end() :]
    if not rest[:1].isupper():
        return False
    dated = is_dateline(rest) or bool(
        NUMERIC_DATE.search(rest) or MONTH_DATE.search(rest) or CLOCK_TIME.search(rest)
    )
    return dated or len(rest.split()) <= 5


def is_dateline(text: str) -> bool:
    """Tells whether a short block is only a date or time ("Oct 12, 2017 | Updated 10:48")."""
    if len(text) > 80:
        return False
    found = MONTH_DATE.search(text) or ISO_PREFIX.search(text) or NUMERIC_DATE.search(text)
    if not found:
        # A time alone heads an entry of a live blog ("4:14 p.m."); with "Updated"
        # it is the page's timestamp.
        lowered = text.lower()
        if not CLOCK_TIME.search(text) or not any(w in lowered for w in _STAMP_WORDS):
            return False
    rest = NUMERIC_DATE.sub(" ", MONTH_DATE.sub(" ", ISO_PREFIX.sub(" ", text)))
    rest = CLOCK_TIME.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]{3,}", rest) if w.lower() not in _DATE_WORDS]
    return len(words) <= 1


def strip_credit(caption: str) -> str:
    """Removes a trailing photo credit from a caption ("... (Image: Agency)")."""
    return _CAPTION_CREDIT.sub("", caption).strip()


# Words after "By" that start no author's name: "By clicking", "By the way", "By Topic".
BYLINE_NOT_NAMES = frozenset(
    {
        "a",
        "admin",
        "an",
        "and",
        "author",
        "category",
        "clicking",
        "continuing",
        "date",
        "default",
        "email",
        "entering",
        "for",
        "guest",
        "his",
        "her",
        "its",
        "me",
        "my",
        "name",
        "our",
        "popularity",
        "post",
        "price",
        "relevance",
        "signing",
        "staff",
        "subscribing",
        "that",
        "the",
        "their",
        "this",
        "topic",
        "type",
        "unknown",
        "using",
        "us",
        "you",
        "your",
    }
)
