"""Snippets: the words of a query found in an article's text, as the index matched them."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive_reader.core.search.analysis import cjk_pairs, fold, stem_in

_SNIPPET_CHARS = 240
# Words, and the scripts written without spaces (Kana, Han, Hangul): the compiler
# builds its phrase patterns with these too, so that both agree on a word.
WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass
class Highlighter:
    """Finds the words of a query in a text, as the index matched them."""

    forms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def add_forms(self, values: Iterable[str]) -> None:
        """Adds word forms to highlight."""
        self.forms.update(values)

    def _matches(self, text: str, language: str | None) -> list[tuple[int, int]]:
        if not self.forms and not self.prefixes:
            return []
        folded = fold(text)
        keys = {form[:3] for form in self.forms} | {p[:3] for p in self.prefixes}
        spans: list[tuple[int, int]] = []
        for match in WORD.finditer(folded):
            token = match.group()
            if not token.isascii() and CJK.search(token):
                spans.extend(
                    (match.start() + offset, match.start() + offset + len(pair))
                    for offset, pair in cjk_pairs(token)
                    if pair in self.forms
                )
                continue
            if token[:3] not in keys:
                continue
            if any(token.startswith(prefix) for prefix in self.prefixes) or (
                token in self.forms
                or stem_in(text[match.start() : match.end()], language) in self.forms
            ):
                spans.append((match.start(), match.end()))
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
