"""How label and tag names are written: runs of whitespace folded, an empty tag refused."""

from __future__ import annotations

from archive_reader.core.annotations.models import TagError


def clean_name(name: str) -> str:
    """A label or tag name with its whitespace trimmed and folded to single spaces.

    Args:
        name: The name as typed.

    Returns:
        The cleaned name ("" when only whitespace was typed).
    """
    return " ".join(name.split())


def tag_name(name: str) -> str:
    """A tag name, cleaned.

    Args:
        name: The name as typed.

    Returns:
        The cleaned name.

    Raises:
        TagError: The name is empty or only whitespace.
    """
    cleaned = clean_name(name)
    if not cleaned:
        raise TagError("a tag needs a name")
    return cleaned
