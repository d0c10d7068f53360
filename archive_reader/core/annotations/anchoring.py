"""Placing a quote in a text: pure functions, no storage.

A highlight is stored the W3C Web Annotation way: its exact quote, up to
:data:`CONTEXT` characters of text before (prefix) and after (suffix), and its
character position (Python ``str`` indices into ``articles.text``, end
exclusive). When an article is extracted again, ``Annotations.reanchor``
places every highlight again, in this order:

1. the quote is still at its position with the same context: kept;
2. the quote occurs elsewhere (one or more times): the occurrence whose
   context is most like the stored one is taken, then the one a character
   diff of the old and new text (:class:`PositionMap`) carried the quote to,
   then the one nearest the expected position; it is taken when the match is
   convincing: the context agrees at least in part, or the diff carried the
   quote there, or the quote is long (:data:`LONG_QUOTE`), or it occurs once
   and is not short (:data:`MIN_FUZZY_QUOTE`);
3. an approximate match of the quote (rapidfuzz), near the expected position
   first, then anywhere: taken when its Levenshtein similarity to the quote is
   at least :data:`FUZZY_THRESHOLD` (and, for a quote shorter than
   :data:`LONG_QUOTE`, the context agrees); the quote, context and position
   are updated to the new text;
4. otherwise the highlight is marked orphaned: it keeps its quote, context,
   note and tags and is never deleted. An orphan is tried again at the next
   re-anchoring, so it comes back when its text does.
"""

from __future__ import annotations

import bisect
import builtins
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from archive_reader.core.errors import ArchiveError
from archive_reader.core.search.analysis import fold

#: Characters of text kept before and after a quote.
CONTEXT = 32
#: Levenshtein similarity (0..1) an approximate match needs to be taken.
FUZZY_THRESHOLD = 0.85
#: A quote at least this long is placed on its own, without the context agreeing.
LONG_QUOTE = 20
#: Shorter quotes are never placed approximately.
MIN_FUZZY_QUOTE = 8
#: Beyond this product of the two texts' lengths, no character diff is made.
_MAX_DIFF_CELLS = 100_000 * 100_000
_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


class QuoteNotFound(ArchiveError):
    """The quote to highlight is not in the article's text."""


class InvalidAnchor(ArchiveError):
    """A highlight's range is outside the text or selects nothing."""


@dataclass(slots=True)
class Placement:
    """Where :func:`locate` placed a quote in a new text.

    Attributes:
        start: Offset of the placed quote.
        end: Offset just after it.
        kind: "kept", "moved" or "fuzzy".
        similarity: 1.0 for an exact quote, else the Levenshtein similarity.
    """

    start: int
    end: int
    kind: str
    similarity: float = 1.0


def find_quote(text: str, quote: str, occurrence: int = 1, article_id: int = 0) -> tuple[int, int]:
    """Finds the n-th occurrence of a quote in a text.

    Exact matches are tried first; when there is none, the quote is looked for
    ignoring case, accents, runs of whitespace and typographic quotes and dashes.

    Args:
        text: The article's text.
        quote: What to find (whitespace at its ends is ignored).
        occurrence: 1 for the first match, 2 for the second...
        article_id: Named in the error message.

    Returns:
        (start, end) in ``text``.

    Raises:
        QuoteNotFound: No (n-th) match.
        InvalidAnchor: The quote is empty or ``occurrence`` is below 1.
    """
    wanted = quote.strip()
    if not wanted:
        raise InvalidAnchor("the quote to highlight is empty")
    if occurrence < 1:
        raise InvalidAnchor("the occurrence must be 1 or more")
    exact = _occurrences(text, wanted)
    if exact:
        return _nth(exact, len(wanted), occurrence, quote, article_id)
    loose, positions = _loose(text)
    wanted_loose, _ = _loose(wanted)
    found = _occurrences(loose, wanted_loose)
    if not found:
        raise QuoteNotFound(f"article {article_id} does not contain the text {_short(quote)}")
    spans = [(positions[s], positions[s + len(wanted_loose) - 1] + 1) for s in found]
    if occurrence > len(spans):
        raise QuoteNotFound(
            f"article {article_id} contains {_short(quote)} {len(spans)} time(s), not {occurrence}"
        )
    return spans[occurrence - 1]


def count_quote(text: str, quote: str) -> int:
    """How many times :func:`find_quote` finds a quote (exact matches, else loose ones)."""
    wanted = quote.strip()
    if not wanted:
        return 0
    exact = _occurrences(text, wanted)
    if exact:
        return len(exact)
    loose, _ = _loose(text)
    wanted_loose, _ = _loose(wanted)
    return len(_occurrences(loose, wanted_loose))


def _nth(
    starts: builtins.list[int], length: int, occurrence: int, quote: str, article_id: int
) -> tuple[int, int]:
    if occurrence > len(starts):
        raise QuoteNotFound(
            f"article {article_id} contains {_short(quote)} {len(starts)} time(s), not {occurrence}"
        )
    start = starts[occurrence - 1]
    return start, start + length


def _occurrences(text: str, quote: str) -> builtins.list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    found = []
    position = text.find(quote)
    while position >= 0:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _loose(text: str) -> tuple[str, builtins.list[int]]:
    """The text folded, typographic marks made plain and whitespace runs made one space.

    Returns:
        The loose text and, for each of its characters, its offset in ``text``.
    """
    folded = fold(text).translate(_TYPOGRAPHIC)
    assert len(folded) == len(text)
    chars: builtins.list[str] = []
    positions: builtins.list[int] = []
    for index, char in enumerate(folded):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        positions.append(index)
    return "".join(chars), positions


def _short(quote: str, size: int = 60) -> str:
    quote = " ".join(quote.split())
    return repr(quote if len(quote) <= size else quote[: size - 1] + "…")


def valid_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without whitespace at its ends.

    Raises:
        InvalidAnchor: The range is outside the text or holds only whitespace.
    """
    if not 0 <= start < end <= len(text):
        raise InvalidAnchor(
            f"the range {start}-{end} is outside the article's text (0-{len(text)})"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidAnchor("the range selects only whitespace")
    return start, end


class PositionMap:
    """Maps character offsets of an old text to a new one, by a character diff.

    The diff is a longest common subsequence (rapidfuzz's Indel opcodes:
    insertions and deletions only, so kept text stays aligned; 0.1-0.4 s for two
    texts of 57,000 characters). Texts whose lengths multiply beyond
    :data:`_MAX_DIFF_CELLS` are compared by their common start and end only.
    """

    def __init__(self, old_text: str, new_text: str) -> None:
        if old_text == new_text:
            blocks = [("equal", 0, len(old_text), 0, len(new_text))]
        elif len(old_text) * len(new_text) <= _MAX_DIFF_CELLS:
            blocks = [
                (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
                for op in Indel.opcodes(old_text, new_text)
            ]
        else:
            head = _common_prefix(old_text, new_text)
            limit = min(len(old_text), len(new_text)) - head
            tail = _common_prefix(old_text[::-1], new_text[::-1], limit)
            old_end, new_end = len(old_text) - tail, len(new_text) - tail
            blocks = [
                ("equal", 0, head, 0, head),
                ("replace", head, old_end, head, new_end),
                ("equal", old_end, len(old_text), new_end, len(new_text)),
            ]
        self._blocks = [block for block in blocks if block[2] > block[1]]
        self._starts = [block[1] for block in self._blocks]
        self._new_length = len(new_text)

    def _block(self, position: int) -> tuple[str, int, int, int, int] | None:
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0 or position >= self._blocks[index][2]:
            return None
        return self._blocks[index]

    def exact(self, position: int) -> int | None:
        """Where the character at ``position`` is in the new text, if it was kept."""
        block = self._block(position)
        if block is None or block[0] != "equal":
            return None
        return block[3] + position - block[1]

    def position(self, position: int) -> int:
        """Where ``position`` probably is in the new text (scaled inside changed parts)."""
        block = self._block(position)
        if block is None:
            return min(position, self._new_length)
        tag, old_start, old_end, new_start, new_end = block
        if tag == "equal":
            return new_start + position - old_start
        return new_start + round(
            (position - old_start) * (new_end - new_start) / (old_end - old_start)
        )


def locate(
    text: str,
    quote: str,
    prefix: str,
    suffix: str,
    start: int,
    old_text: str | None = None,
    mapping: PositionMap | None = None,
) -> Placement | None:
    """Places a stored quote in a (new) text, as the module docstring describes.

    Args:
        text: The text to place the quote in.
        quote: The stored quote.
        prefix: The stored text before it.
        suffix: The stored text after it.
        start: The stored position.
        old_text: The text the position refers to, to follow the quote through
            the changes; None when unknown (the position is taken as is).
        mapping: ``PositionMap(old_text, text)``, when already computed (it is
            the costly part when several quotes are placed in one text).

    Returns:
        Where the quote is, or None when it cannot be placed with confidence.
    """
    if not quote:
        return None
    end = start + len(quote)
    if (
        text[start:end] == quote
        and text[max(0, start - CONTEXT) : start] == prefix
        and text[end : end + CONTEXT] == suffix
    ):
        return Placement(start, end, "kept")
    if mapping is None and old_text is not None:
        mapping = PositionMap(old_text, text)
    expected, aligned = start, None
    if mapping is not None:
        expected = mapping.position(start)
        first, last = mapping.exact(start), mapping.exact(end - 1)
        if first is not None and last is not None and last + 1 - first == len(quote):
            # The diff kept every character of the quote together.
            aligned = first
    occurrences = _occurrences(text, quote)
    # The context decides; then the diff's alignment; then nearness.
    best: tuple[float, bool, float, int] | None = None
    for candidate in occurrences:
        key = (
            _context(text, candidate, candidate + len(quote), prefix, suffix),
            candidate == aligned,
            _closeness(candidate, expected, len(text)),
            candidate,
        )
        if best is None or key[:3] > best[:3]:
            best = key
    if best is not None and (
        best[0] >= 0.4
        or best[1]
        or len(quote) >= LONG_QUOTE
        or (len(occurrences) == 1 and len(quote) >= MIN_FUZZY_QUOTE)
    ):
        found = best[3]
        return Placement(found, found + len(quote), "kept" if found == start else "moved")
    if len(quote) < MIN_FUZZY_QUOTE:
        return None
    return _fuzzy(text, quote, prefix, suffix, expected)


def _fuzzy(text: str, quote: str, prefix: str, suffix: str, expected: int) -> Placement | None:
    """The best approximate match of the quote, near the expected position first."""
    reach = max(2 * len(quote), 1000)
    windows = [(max(0, expected - reach), min(len(text), expected + len(quote) + reach))]
    if windows[0] != (0, len(text)):
        windows.append((0, len(text)))
    for low, high in windows:
        span = _align(text, quote, low, high)
        if span is None:
            continue
        found_start, found_end = span
        similarity = Levenshtein.normalized_similarity(quote, text[found_start:found_end])
        if similarity < FUZZY_THRESHOLD:
            continue
        if len(quote) < LONG_QUOTE and _context(text, found_start, found_end, prefix, suffix) < 0.5:
            continue
        return Placement(found_start, found_end, "fuzzy", similarity)
    return None


def _align(text: str, quote: str, low: int, high: int) -> tuple[int, int] | None:
    """The span of ``text[low:high]`` most like ``quote``, ends adjusted by a few characters."""
    if high - low <= 0:
        return None
    window = text[low:high]
    if len(window) <= len(quote):
        first, last = low, high
    else:
        alignment = fuzz.partial_ratio_alignment(quote, window)
        if alignment is None:
            return None
        first, last = low + alignment.dest_start, low + alignment.dest_end
    slack = min(8, max(2, len(quote) // 10))
    best = (Levenshtein.distance(quote, text[first:last]), 0, first, last)
    for move_start in range(-slack, slack + 1):
        for move_end in range(-slack, slack + 1):
            s, e = first + move_start, last + move_end
            if s < 0 or e > len(text) or e - s <= 0:
                continue
            distance = Levenshtein.distance(quote, text[s:e], score_cutoff=best[0])
            key = (distance, abs(move_start) + abs(move_end), s, e)
            if key < best:
                best = key
    _, _, first, last = best
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return (first, last) if first < last else None


def _context(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How much the text around a span is like the stored context (0..1)."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return (
        Levenshtein.normalized_similarity(prefix, before)
        + Levenshtein.normalized_similarity(suffix, after)
    ) / 2


def _closeness(position: int, expected: int, length: int) -> float:
    return 1.0 - min(1.0, abs(position - expected) / max(length, 1))


def _common_prefix(a: str, b: str, limit: int | None = None) -> int:
    """Length of the common start of two strings (binary search over C comparisons)."""
    high = min(len(a), len(b)) if limit is None else min(len(a), len(b), limit)
    low = 0
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
