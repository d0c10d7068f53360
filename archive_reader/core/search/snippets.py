"""Snippets: the words of a query found in an article's text, as the index matched them."""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from archive_reader.core.search.analysis import UNSPACED, fold, stem, words

_UNSPACED = re.compile(f"[{UNSPACED}]")

_SNIPPET_CHARS = 240


@dataclass
class Highlighter:
    """Finds the words of a query in a text, as the index matched them.

    Attributes:
        stems: Folded query words, matched through their stem in the
            article's language.
        surface: Folded words matched as they are (phrases, fuzzy words).
        prefixes: Folded prefixes.
    """

    stems: set[str] = field(default_factory=set)
    surface: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def _matches(self, text: str, language: str | None) -> list[tuple[int, int]]:
        if not self.stems and not self.surface and not self.prefixes:
            return []
        targets = {stem(word, language) for word in self.stems}
        prefixes = tuple(self.prefixes)
        single = {w for w in (*targets, *self.surface) if len(w) == 1 and _UNSPACED.match(w)}
        # Found in C over the folded text (the length-keeping fold, so that offsets
        # stay those of the text): words as written whole; for stems and prefixes,
        # the words that start with their first two letters, tested one by one then.
        alternatives = []
        exact = sorted((w for w in self.surface if w not in single), key=len, reverse=True)
        if exact:
            alternatives.append(rf"(?P<exact>(?<!\w)(?:{'|'.join(map(re.escape, exact))})(?!\w))")
        keys = {w[:2] for w in (*targets, *prefixes) if w not in single}
        if keys:
            alternatives.append(rf"(?<!\w)(?:{'|'.join(sorted(map(re.escape, keys)))})\w*")
        if single:
            alternatives.append(f"(?P<single>[{''.join(sorted(single))}])")
        if not alternatives:
            return []
        spans: list[tuple[int, int]] = []
        for match in re.finditer("|".join(alternatives), fold(text)):
            start, end = match.span()
            if match.lastgroup in ("exact", "single"):
                spans.append((start, end))
                continue
            found = words(text[start:end])
            if len(found) == 1 and (
                found[0] in self.surface
                or (prefixes and found[0].startswith(prefixes))
                or (targets and stem(found[0], language) in targets)
            ):
                spans.append((start, end))
        return _merge(sorted(spans))

    def snippet(self, text: str, language: str | None, size: int = _SNIPPET_CHARS) -> str:
        """A passage of ``text`` around the densest cluster of matches, matches in <b>.

        Returns:
            HTML: the passage escaped, matched words wrapped in ``<b>``, with
            " …" where the passage is cut.
        """
        spans = self._matches(text, language)
        if not spans:
            return _lead(text, size)
        starts = [start for start, _ in spans]
        best, best_count = 0, 0
        for index, start in enumerate(starts):
            count = bisect.bisect_right(starts, start + size - 60) - index
            if count > best_count:
                best, best_count = index, count
        anchor = starts[best]
        begin = max(0, anchor - 60)
        if begin > 0:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < anchor else begin
        end = min(len(text), begin + size)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > anchor else end
        pieces = []
        position = begin
        for start, stop in spans:
            if start < begin or stop > end:
                continue
            pieces.append(html.escape(text[position:start], quote=False))
            pieces.append(f"<b>{html.escape(text[start:stop], quote=False)}</b>")
            position = stop
        pieces.append(html.escape(text[position:end], quote=False))
        body = " ".join("".join(pieces).split())
        return ("… " if begin > 0 else "") + body + (" …" if end < len(text) else "")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Joins overlapping or touching spans (CJK pairs overlap by one character)."""
    merged: list[tuple[int, int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    return merged


def _lead(text: str, size: int = _SNIPPET_CHARS) -> str:
    """The start of the text, for hits that matched elsewhere than the body."""
    lead = " ".join(text[: size * 2].split())
    if len(lead) > size:
        lead = lead[:size].rsplit(" ", 1)[0] + " …"
    return html.escape(lead, quote=False)
