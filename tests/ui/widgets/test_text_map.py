"""TextMap: document positions to article text offsets and back."""

from archive_reader.ui.widgets.text_map import TextMap
from tests.ui.test_reader import _range_of


def test_text_map_skips_the_header_whitespace_and_extra_text() -> None:
    document = "Title\nby Someone\nFirst  para.\nPhoto credit: X\nSecond para."
    text = "First para.\n\nSecond para."
    body_start = document.index("First")
    mapping = TextMap.align(document, text, body_start)

    second = _range_of(text, "Second")
    assert mapping.to_document(*second) == _range_of(document, "Second")
    assert mapping.to_text(*_range_of(document, "First  para.")) == _range_of(text, "First para.")
    assert mapping.to_text(0, body_start) is None  # the title and byline are not article text
    assert mapping.to_text(*_range_of(document, "Title\nby Someone\nFirst")) == (0, 5)
    assert mapping.to_document(*_range_of(text, "\n\n")) is None


def test_text_map_resyncs_after_replaced_characters() -> None:
    document = "He said \u201cno\u201d to the plan, then left."
    text = 'He said "no" to the plan, then left.'
    mapping = TextMap.align(document, text)
    assert mapping.to_document(*_range_of(text, "then left")) == _range_of(document, "then left")
    assert mapping.to_text(*_range_of(document, "to the plan")) == _range_of(text, "to the plan")
