"""TextMap: aligns the reader's document with ``Article.text``, where highlights are stored.

Highlights and entity mentions are character offsets into ``Article.text``
(plain text, blocks separated by a blank line), while the reader shows
``Article.html``: a selection in the document becomes a range of the text, and
a stored range is found in the document again.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

# Characters left out of the alignment: whitespace (spacing differs between the html
# and the text), images (U+FFFC), frame marks, soft hyphens and zero-width marks.
_UNALIGNED = frozenset("\ufffc\ufdd0\ufdd1\u00ad\u200b\u200c\u200d\u2060\ufeff")
_RESYNC_WINDOW = 4000
_RESYNC_KEY = 8


def _aligned(char: str) -> bool:
    return not char.isspace() and char not in _UNALIGNED


class TextMap:
    """Maps positions of a QTextDocument to offsets into ``Article.text`` and back.

    Built by aligning the document's plain text with the article's text on
    their non-whitespace characters: a two-pointer walk that, where the two
    differ (a photo credit the text leaves out, an image), skips ahead in the
    one that has extra characters until both agree again. Both position lists
    increase, so a range is mapped by bisection at either end.
    """

    def __init__(self, document_positions: Sequence[int], text_offsets: Sequence[int]) -> None:
        assert len(document_positions) == len(text_offsets)
        self._doc = document_positions
        self._text = text_offsets

    def __len__(self) -> int:
        return len(self._doc)

    @classmethod
    def align(cls, document_text: str, text: str, body_start: int = 0) -> TextMap:
        """Aligns ``document_text[body_start:]`` with ``text``.

        Args:
            document_text: ``QTextDocument.toPlainText()``: one character per
                document position.
            text: The article's plain text.
            body_start: Where the article's body starts in the document (after
                the title and the meta line the reader adds).
        """
        doc_pos = [i for i in range(body_start, len(document_text)) if _aligned(document_text[i])]
        text_pos = [i for i in range(len(text)) if _aligned(text[i])]
        a = "".join(document_text[i] for i in doc_pos)
        b = "".join(text[i] for i in text_pos)
        if a == b:
            return cls(doc_pos, text_pos)
        pairs_doc: list[int] = []
        pairs_text: list[int] = []
        i = j = 0
        while i < len(a) and j < len(b):
            if a[i] == b[j]:
                pairs_doc.append(doc_pos[i])
                pairs_text.append(text_pos[j])
                i += 1
                j += 1
                continue
            i, j = _resync(a, b, i, j)
        return cls(pairs_doc, pairs_text)

    def to_text(self, start: int, end: int) -> tuple[int, int] | None:
        """The text range of the aligned characters in document range [start, end)."""
        first = bisect.bisect_left(self._doc, start)
        last = bisect.bisect_left(self._doc, end) - 1
        if first > last:
            return None
        return self._text[first], self._text[last] + 1

    def to_document(self, start: int, end: int) -> tuple[int, int] | None:
        """The document range of the aligned characters in text range [start, end)."""
        first = bisect.bisect_left(self._text, start)
        last = bisect.bisect_left(self._text, end) - 1
        if first > last:
            return None
        return self._doc[first], self._doc[last] + 1


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int]:
    """Where the walk goes on after a[i] != b[j]: the nearest point where both agree again."""
    key = _RESYNC_KEY
    # One or a few characters replaced (a typographic quote for a straight one).
    for step in (1, 2, 3):
        if a[i + step : i + step + key] == b[j + step : j + step + key]:
            return i + step, j + step
    extra_in_doc = a.find(b[j : j + key], i + 1, i + _RESYNC_WINDOW + key)
    extra_in_text = b.find(a[i : i + key], j + 1, j + _RESYNC_WINDOW + key)
    skips = []
    if extra_in_doc >= 0:
        skips.append((extra_in_doc - i, extra_in_doc, j))
    if extra_in_text >= 0:
        skips.append((extra_in_text - j, i, extra_in_text))
    if skips:
        _, i, j = min(skips)
        return i, j
    return i + 1, j + 1
