"""Pass 2: choosing the elements that make up the article."""

from __future__ import annotations

from collections.abc import Iterator

from bs4 import Tag

from archive_reader.core.extraction.text import SENTENCE_END, collapse
from archive_reader.core.extraction.walk import Analysis

# An ancestor with this many times the paragraph text, and this share of its text
# in paragraphs, holds more of the article (see _widen).
_WIDEN_GAIN = 2.0
_WIDEN_PROSE = 0.6
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
