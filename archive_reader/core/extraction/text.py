"""Text and URL helpers every pass shares: whitespace, comparison keys, sentence ends."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SENTENCE_END = re.compile(r"[.!?。！？…:;\"”’»)]\s*$")


def http_url(value: str | None) -> str | None:
    """The value, stripped, when it is an absolute http(s) URL; None otherwise."""
    if not value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    return None


def collapse(value: str) -> str:
    """The text with runs of whitespace made one space, trimmed."""
    return " ".join(value.split())


def norm(value: str) -> str:
    """A key for comparing texts: lowercase letters and digits only."""
    return "".join(ch for ch in value.lower() if ch.isalnum())
