"""Placing a quote in a text: finding it, and placing it again after an edit (property tests)."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archive_reader.core.annotations.anchoring import CONTEXT, find_quote, locate


def test_find_quote_maps_loose_matches_back_to_the_text() -> None:
    text = "Un   Été\n\nà PARIS, l’an dernier."
    start, end = find_quote(text, "un été à paris, l'an")
    assert text[start:end] == "Un   Été\n\nà PARIS, l’an"


# Property tests of placing a quote again

WORDS = tuple(
    [
        "meta",
        "tiktok",
        "network",
        "account",
        "accounts",
        "removed",
        "said",
        "company",
        "report",
        "state",
        "media",
        "influence",
        "operation",
        "election",
        "the",
        "of",
        "and",
        "a",
        "to",
        "in",
        "was",
        "for",
        "on",
        "RT",
        "Sputnik",
        "Novosti",
        "attribution",
        "evidence",
        "claim",
        "researchers",
        "platform",
        "fake",
        "2023",
        "2024",
        "posts",
        "pages,",
        "ads.",
        "coordinated",
        "inauthentic",
    ]
)


@st.composite
def texts(draw: st.DrawFn, min_words: int = 12) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=120))
    return " ".join(words)


@st.composite
def highlighted(draw: st.DrawFn, min_length: int = 1) -> tuple[str, int, int]:
    """A text and a highlighted span of it whose quote occurs once."""
    text = draw(texts())
    start = draw(st.integers(0, len(text) - min_length))
    end = draw(st.integers(start + min_length, min(len(text), start + 120)))
    assume(text[start:end].strip() == text[start:end])
    assume(occurs(text, text[start:end]) == 1)
    return text, start, end


def occurs(text: str, part: str) -> int:
    """How many times ``part`` occurs in ``text``, overlaps counted."""
    return sum(text.startswith(part, i) for i in range(len(text)))


def anchor(text: str, start: int, end: int) -> tuple[str, str, str]:
    return text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


FAST = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(highlighted())
def test_property_unchanged_text_keeps_every_anchor(case: tuple[str, int, int]) -> None:
    text, start, end = case
    placed = locate(text, *anchor(text, start, end), start, text)
    assert placed is not None
    assert (placed.start, placed.end, placed.kind) == (start, end, "kept")


def edit_around(
    text: str, start: int, end: int, data: st.DataObject, margin: int = 0
) -> tuple[str, int]:
    """The text with deletions and insertions before and after a span, and its shift.

    Edits keep ``margin`` characters on each side of the span untouched; with a
    margin, where that reaches the text's start or end, nothing is added there
    either (the end of the text is then part of the context).
    """
    low, high = max(0, start - margin), min(len(text), end + margin)
    before = data.draw(st.integers(0, low), label="cut before at")
    before_len = data.draw(st.integers(0, low - before), label="delete before")
    after = data.draw(st.integers(high, len(text)), label="cut after at")
    after_len = data.draw(st.integers(0, len(text) - after), label="delete after")
    inserted_before = data.draw(texts(min_words=0), label="insert before")
    inserted_after = data.draw(texts(min_words=0), label="insert after")
    if margin and low == 0:
        inserted_before = ""
    if margin and high == len(text):
        inserted_after = ""
    new = (
        text[:before]
        + inserted_before
        + text[before + before_len : after]
        + inserted_after
        + text[after + after_len :]
    )
    return new, len(inserted_before) - before_len


@FAST
@given(highlighted(min_length=8), st.data())
def test_property_edits_outside_the_span_shift_it(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    # Any edit outside the span, even one that replaces all of its context:
    # a quote of 8 characters or more that occurs once is found on its own.
    text, start, end = case
    new, shift = edit_around(text, start, end, data)
    quote = text[start:end]
    assume(occurs(new, quote) == 1)
    placed = locate(new, *anchor(text, start, end), start, text)
    assert placed is not None
    assert (placed.start, placed.end) == (start + shift, end + shift)


@FAST
@given(highlighted(), st.data())
def test_property_edits_beyond_the_context_shift_even_short_quotes(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    # A short quote (a single word) needs its context: edits that leave the
    # 32 characters around it alone move it, even when it occurs many times.
    text, start, end = case
    new, shift = edit_around(text, start, end, data, margin=CONTEXT)
    quote, prefix, suffix = anchor(text, start, end)
    # Unless an insertion copied the quote with all its context: then either is right.
    assume(occurs(new, prefix + quote + suffix) == 1)
    placed = locate(new, *anchor(text, start, end), start, text)
    assert placed is not None
    assert (placed.start, placed.end) == (start + shift, end + shift)


@FAST
@given(highlighted(min_length=30), st.data())
def test_property_one_changed_character_is_placed_near_or_orphaned(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    text, start, end = case
    at = data.draw(st.integers(start + 1, end - 2), label="changed at")
    replacement = data.draw(st.sampled_from("xyzQ#"), label="by")
    assume(text[at] != replacement)
    new = text[:at] + replacement + text[at + 1 :]
    placed = locate(new, *anchor(text, start, end), start, text)
    if placed is None:
        return  # orphaned: allowed, the row is kept (see the database test)
    # Never attached to an unrelated place: it overlaps the true span, nearly exactly.
    assert abs(placed.start - start) <= 2 and abs(placed.end - end) <= 2
    assert placed.kind == "fuzzy"


@FAST
@given(highlighted(min_length=3))
def test_property_a_removed_quote_is_orphaned(case: tuple[str, int, int]) -> None:
    text, start, end = case
    new = text[:start] + text[end:]
    quote = text[start:end]
    assume(quote not in new)
    # A long quote might still match approximately what now stands there; a
    # removed quote that is nearly repeated nearby is not "removed".
    from rapidfuzz import fuzz

    assume(fuzz.partial_ratio(quote, new) < 80)
    assert locate(new, *anchor(text, start, end), start, text) is None
