"""Finding the aliases of entities in a text: the word-boundary and same-span rules.

Mentions are found with two Aho-Corasick automata (pyahocorasick), one for
the case-sensitive aliases run over the text as written, one for the others
run over a folded copy (lowercased, accents removed, same length, so offsets
stay right). Spaces, dashes and apostrophes are normalised in both, so
"Russia Today" also matches "Russia Today" across a line break or a
non-breaking space. A match counts only on word boundaries in any script
(the characters around it are not letters, digits, marks or "_"; Chinese and
Japanese text, written without spaces, is exempt). Where matches overlap, the
longest leftmost one wins ("Russia Today" over "Russia"); where two entities
match the same span, a case-sensitive alias beats a case-insensitive one,
otherwise both are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import ahocorasick

from archive_reader.core.search.analysis import fold

_SAME_LENGTH = {
    **{ord(c): " " for c in "\t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"},
    **{ord(c): " " for c in "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013"},
    **{ord(c): "'" for c in "\u2018\u2019\u02bc\u2032"},
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _is_word(char: str) -> bool:
    """True for letters, digits, "_" and combining marks, in any script."""
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _bounded(char: str) -> bool:
    """True when an alias edge of this character must sit on a word boundary."""
    return _is_word(char) and not _CJK.match(char)


def _scan_form(text: str, case_sensitive: bool) -> str:
    """The text as an automaton reads it: same length, spaces, dashes and quotes unified."""
    return (text if case_sensitive else fold(text)).translate(_SAME_LENGTH)


def _alias_key(text: str, case_sensitive: bool) -> str:
    """An alias as the automaton stores it: like the scanned text, spaces collapsed."""
    return " ".join(_scan_form(text, case_sensitive).split())


def default_case_sensitive(text: str) -> bool:
    """Whether a new alias should match only as written when the user does not say.

    Short all-capital forms ("RT", "NATO", "ТАСС") are acronyms whose lower-case
    form is often an ordinary word or part of an address; everything else matches
    in any case.
    """
    text = text.strip()
    return (
        0 < len(text) <= 6
        and " " not in text
        and any(c.isupper() for c in text)
        and not any(c.islower() for c in text)
    )


class Matcher:
    """Finds the aliases of a set of entities in a text (two Aho-Corasick automata)."""

    def __init__(self, aliases: Iterable[tuple[int, str, bool]]) -> None:
        groups: dict[tuple[bool, str], set[int]] = defaultdict(set)
        for entity_id, text, case_sensitive in aliases:
            key = _alias_key(text, case_sensitive)
            if key:
                groups[(case_sensitive, key)].add(entity_id)
        self._automata: list[tuple[bool, ahocorasick.Automaton]] = []
        for case_sensitive in (True, False):
            automaton = ahocorasick.Automaton()
            for (sensitive, key), ids in groups.items():
                if sensitive == case_sensitive:
                    value = (len(key), tuple(sorted(ids)), _bounded(key[0]), _bounded(key[-1]))
                    automaton.add_word(key, value)
            if len(automaton):
                automaton.make_automaton()
                self._automata.append((case_sensitive, automaton))

    def __bool__(self) -> bool:
        return bool(self._automata)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """The mentions in ``text``: (start, end, entity id), by start.

        Overlapping matches keep the leftmost longest; at one span a
        case-sensitive alias beats a case-insensitive one.
        """
        size = len(text)
        candidates: list[tuple[int, int, int, tuple[int, ...]]] = []
        for case_sensitive, automaton in self._automata:
            priority = 0 if case_sensitive else 1
            for last, (length, ids, check_start, check_end) in automaton.iter(
                _scan_form(text, case_sensitive)
            ):
                start = last - length + 1
                end = last + 1
                if check_start and start > 0 and _is_word(text[start - 1]):
                    continue
                if check_end and end < size and _is_word(text[end]):
                    continue
                candidates.append((start, -end, priority, ids))
        if not candidates:
            return []
        candidates.sort()
        found: list[tuple[int, int, int]] = []
        span = (-1, -1)
        span_priority = 0
        covered = -1
        for start, negative_end, priority, ids in candidates:
            end = -negative_end
            if (start, end) == span:
                if priority == span_priority:
                    found.extend((start, end, entity_id) for entity_id in ids)
                continue
            if start < covered:
                continue
            span, span_priority, covered = (start, end), priority, end
            found.extend((start, end, entity_id) for entity_id in ids)
        return sorted(set(found))
