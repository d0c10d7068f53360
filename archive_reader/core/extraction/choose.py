"""Pass 2: choosing the elements that make up the article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bs4 import Tag

from archive_reader.core.extraction.text import SENTENCE_END, collapse
from archive_reader.core.extraction.walk import Analysis

# An ancestor with this many times the paragraph text, and this share of its text
# in paragraphs, holds more of the article (see _widen).
_WIDEN_GAIN = 2.0
_WIDEN_PROSE = 0.6
# A thread: at least this many signed posts of this much text, holding this many
# times the chosen block's text, found within this many levels above it.
_THREAD_MIN = 3
_POST_TEXT = 60
_THREAD_GAIN = 1.5
_THREAD_LEVELS = 5
_POST_MARKS = ("author", "user", "byline", "poster", "date", "time", "meta", "signature")
_CONTAINER_TAGS = ["p", "div", "section", "article", "ul", "ol", "table", "h2", "h3"]


def _ancestors(tag: Tag) -> Iterator[Tag]:
    node = tag.parent
    while node is not None:
        yield node
        node = node.parent


def choose(analysis: Analysis) -> list[Tag]:
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
        above = top.parent
        if analysis.tlen.get(id(above), 0) > analysis.tlen.get(id(top), 0):
            break
        top = above
    top = _widen(analysis, top)
    top = _thread(analysis, top)
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


def _widen(analysis: Analysis, top: Tag) -> Tag:
    """The ancestor that holds the rest of the prose, when it is spread over many blocks.

    Page builders put each section of a text in a block of its own (a post, a
    column, a "text block"), and the best-scoring block is then only one of
    them. An ancestor is taken when it holds clearly more paragraph text and
    is still mostly paragraphs with few links.
    """
    ptext = analysis.ptext
    tlen = analysis.tlen
    current = top
    for above in _ancestors(top):
        if above.name in ("body", "html", "[document]"):
            break
        if id(above) in analysis.dropped:
            break
        prose = ptext.get(id(above), 0)
        text = tlen.get(id(above), 0)
        if (
            prose >= _WIDEN_GAIN * ptext.get(id(current), 0)
            and text
            and prose >= _WIDEN_PROSE * text
            and analysis.density(above) < 0.3
        ):
            current = above
    return current


def _signature(tag: Tag) -> tuple[str, frozenset[str]]:
    """A post's shape: its tag and the class words without numbers ("post-4711")."""
    classes: Any = tag.get("class") or []
    words = classes.split() if isinstance(classes, str) else list(classes)
    return tag.name, frozenset(c for c in words if not any(ch.isdigit() for ch in c))


def _signed(tag: Tag) -> bool:
    """Tells whether an element carries a post's author or date."""
    if tag.find("time") is not None:
        return True
    return (
        tag.find(
            True,
            class_=lambda c: bool(c) and any(w in c.lower() for w in _POST_MARKS),
        )
        is not None
    )


def _thread(analysis: Analysis, top: Tag) -> Tag:
    """The whole thread, when the chosen element is one post of a discussion.

    A forum or Q&A page repeats one structure per post (siblings with the same
    tag and class words, each signed with an author or a date); the best block
    is then only one post. The posts' parent is taken when they hold clearly
    more text than the chosen element and are not a list of links; a chosen
    element that already holds such posts marks the page as a thread.
    """
    own = analysis.tlen.get(id(top), 0)
    if _has_posts(analysis, top) or any(
        _has_posts(analysis, c) for c in top.children if isinstance(c, Tag)
    ):
        analysis.thread = True
        return top
    node = top
    for _ in range(_THREAD_LEVELS):
        parent = node.parent
        if parent is None or parent.name in ("body", "html", "[document]"):
            break
        if id(parent) in analysis.dropped:
            break
        posts = _posts(analysis, parent, _signature(node))
        if (
            posts
            and sum(analysis.tlen.get(id(c), 0) for c in posts) >= _THREAD_GAIN * own
            and analysis.density(parent) < 0.35
        ):
            analysis.thread = True
            return parent
        node = parent
    return top


def _has_posts(analysis: Analysis, parent: Tag) -> bool:
    kinds = {
        _signature(c)
        for c in parent.children
        if isinstance(c, Tag) and analysis.tlen.get(id(c), 0) >= _POST_TEXT
    }
    return any(_posts(analysis, parent, kind) for kind in kinds)


def _posts(analysis: Analysis, parent: Tag, kind: tuple[str, frozenset[str]]) -> list[Tag]:
    """The children of parent shaped like kind that read as signed posts (else [])."""
    if not kind[1] and kind[0] not in ("article", "li"):
        return []
    posts = [
        c
        for c in parent.children
        if isinstance(c, Tag)
        and id(c) not in analysis.dropped
        and analysis.tlen.get(id(c), 0) >= _POST_TEXT
        and _signature(c) == kind
    ]
    if len(posts) < _THREAD_MIN:
        return []
    sample = posts[:8]
    if sum(1 for c in sample if _signed(c)) < 0.6 * len(sample):
        return []
    return posts


def _sibling_belongs(analysis: Analysis, tag: Tag, threshold: float) -> bool:
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
        return bool(SENTENCE_END.search(collapse(tag.get_text())))
    return False
