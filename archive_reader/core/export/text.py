"""Small text helpers the export formats share: counted nouns and XML-safe text."""

from __future__ import annotations

import re

# XML 1.0 cannot carry these characters at all, escaped or not.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def counted(n: int, word: str) -> str:
    """``n`` and the noun, in the plural unless ``n`` is 1 ("1 article", "3 articles")."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def xml_text(value: object) -> str:
    """The value as text that XML 1.0 can carry: characters it cannot become U+FFFD."""
    return _XML_INVALID.sub("\ufffd", str(value))
