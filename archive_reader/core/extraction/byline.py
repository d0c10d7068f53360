"""Authors as pages print them: "By Ann Lee" lines, and the user name that opens a thread."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from archive_reader.core.extraction.dates import CLOCK_TIME, ISO_PREFIX, MONTH_DATE, NUMERIC_DATE
from archive_reader.core.extraction.text import collapse
from archive_reader.core.extraction.vocabulary import BYLINE_NOT_NAMES

# "By Ann Lee", "Written by: Ann Lee", "Posted by Ann Lee on ...", "Author: Ann Lee";
# not "Reviewed by", "Photo by" or "Sponsored by", which name someone else.
_BYLINE = re.compile(
    r"^(?:(?:written|posted|published|story|article|words|text|report|reporting|blog\s+post)"
    r"\s+)?(?:by|authors?)\b\s*:?\s*(.*)$",
    re.IGNORECASE,
)
# Where a name in a byline line ends: a separator, a date label, "on"/"in" before a
# date or a section.
_NAME_END = re.compile(
    r"\s*(?:[|•·»«,;/(]|\s[-–—]\s|\s(?:on|in|at|for|from|updated|published|last)\b).*$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_SKIPPED = ("script", "style", "noscript", "template", "option", "button", "select", "textarea")
_OUTSIDE = ("nav", "footer", "aside", "form", "blockquote")
_MOST_STRINGS = 6000
_LONGEST_LINE = 120
_MOST_NAME_WORDS = 5
# A byline's block holds the line and maybe a date and a role, not a paragraph.
_LONGEST_BYLINE_BLOCK = 200
_INLINE = frozenset(
    {"a", "b", "strong", "em", "i", "span", "small", "time", "font", "u", "cite", "address"}
)
# Class words of the element holding a poster's user name on forum software.
_USER_CLASS = re.compile(r"user-?name|author-?name|postauthor|post-author", re.IGNORECASE)
_LONGEST_USER = 40


def printed_byline(soup: BeautifulSoup) -> str | None:
    """The first "By Ann Lee" line outside navigation, asides, footers and related blocks.

    A line that is only "By" or "Written by" takes its name from the text that
    follows (a link to the author's page). A name must look like one: one to
    five words, each capitalised, or a single user name written in a link.
    """
    strings = soup.find_all(string=True, limit=_MOST_STRINGS)
    for index, string in enumerate(strings):
        if type(string) is not NavigableString:
            continue
        text = collapse(str(string))
        lower = text.lower()
        if not 2 <= len(text) <= _LONGEST_LINE or (
            "by" not in lower[:40] and not lower.startswith("author")
        ):
            continue
        parent = string.parent
        if parent is None or parent.name in _SKIPPED or _outside_article(parent):
            continue
        for pattern in (MONTH_DATE, NUMERIC_DATE, ISO_PREFIX, CLOCK_TIME):
            text = pattern.sub(" ", text)
        text = collapse(text).lstrip(" ,.:;|-–—·•")
        match = _BYLINE.match(text)
        if not match:
            continue
        if _in_sentence(parent):
            continue
        rest = match.group(1)
        linked = False
        if not rest.strip(" :"):
            rest, linked = _following_text(strings, index)
        else:
            linked = parent.name == "a"
        name = _NAME_END.sub("", rest).strip(" .:-–—")
        if _looks_like_name(name, linked):
            return name
    return None


def microdata_author(soup: BeautifulSoup) -> str | None:
    """The first itemprop="author" outside navigation, asides, footers and related blocks."""
    for tag in soup.find_all(True, attrs={"itemprop": "author"}, limit=10):
        if _outside_article(tag):
            continue
        name = tag.find(True, attrs={"itemprop": "name"}) or tag
        text = str(name.get("content") or "") if name.name == "meta" else name.get_text(" ")
        text = collapse(text)
        if 1 < len(text) <= _LONGEST_USER:
            return text
    return None


def name_in_line(tag: Tag) -> str | None:
    """The name in a byline element that also holds a role or a bio ("Ann Lee Staff Writer").

    The first of the element's own texts that looks like a name, after "By"; None
    when the element is one line of text ("By Ann Lee and Bo Park, Reuters").
    """
    strings = [s for s in tag.find_all(string=True, limit=12) if s.strip()]
    if len(strings) < 2:
        return None
    for string in strings:
        text = collapse(str(string))
        match = _BYLINE.match(text)
        if match and match.group(1):
            text = match.group(1)
        text = _NAME_END.sub("", text).strip(" .:-–—")
        if _looks_like_name(text, string.find_parent("a") is not None):
            return text
    return None


def first_user_name(soup: BeautifulSoup) -> str | None:
    """The first poster's user name on a forum page: the first element classed as one."""
    for tag in soup.find_all(class_=_USER_CLASS, limit=20):
        if tag.find_parent((*_OUTSIDE, "header")) is not None:
            continue
        text = collapse(tag.get_text(" "))
        if 1 < len(text) <= _LONGEST_USER and len(text.split()) <= 3:
            return text
    return None


def _in_sentence(tag: Tag) -> bool:
    """Tells whether a text is part of a paragraph's sentences rather than a byline line."""
    block = tag
    while block.name in _INLINE and block.parent is not None:
        block = block.parent
    return len(block.get_text(" ", strip=True)) > _LONGEST_BYLINE_BLOCK


def _following_text(strings: list[NavigableString], index: int) -> tuple[str, bool]:
    """The next non-empty text after a bare "By", and whether it is a link's text."""
    for string in strings[index + 1 : index + 4]:
        text = collapse(str(string))
        if text:
            return text, string.find_parent("a") is not None
    return "", False


def _looks_like_name(name: str, linked: bool) -> bool:
    words = name.split()
    if not words or len(words) > _MOST_NAME_WORDS or len(name) > 60:
        return False
    if name.lower() in BYLINE_NOT_NAMES or words[0].lower() in BYLINE_NOT_NAMES:
        return False
    if not all(_NAME_WORD.match(w) for w in words):
        return False
    if all(w[0].isupper() for w in words if w.lower() not in _PARTICLES):
        return True
    # A user name in lower case ("ibby") only when it is a link to the poster.
    return linked and len(words) == 1


_PARTICLES = {"van", "von", "der", "de", "da", "di", "del", "la", "le", "du", "bin", "al"}


def _outside_article(tag: Tag) -> bool:
    """Tells whether an element sits in navigation, an aside, a footer or a related block."""
    for parent in tag.parents:
        if parent.name in _OUTSIDE:
            return True
        classes = " ".join(str(c) for c in parent.get("class") or []).lower()
        if "related" in classes or "recommend" in classes or "comment" in classes:
            return True
    return False
