"""Writing export files: atomic replacement, and file names safe on every system."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from archive_reader.core.export.selection import ExportArticle, ExportError

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)


def write_atomically(path: Path, data: bytes) -> None:
    """Writes a file whole or not at all: a temporary file beside it, then a rename.

    Args:
        path: The file to write (replaced when it exists); missing folders are made.
        data: Its bytes.

    Raises:
        ExportError: The file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".export-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            # mkstemp makes the file private (0600); an export is an ordinary
            # document, readable as the user's umask allows, like any new file.
            os.chmod(temp, 0o666 & ~_umask())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error}") from error


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def article_file_name(article: ExportArticle) -> str:
    """A file name for an article's note, safe on Windows: ``title-slug-ID.md``."""
    text = unicodedata.normalize("NFKC", article.title).casefold()
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f\x7f]', " ", text)
    text = re.sub(r"[^\w\s-]", "", text)
    slug = re.sub(r"[\s_-]+", "-", text).strip("-.")[:60].rstrip("-.")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = "article"
    return f"{slug}-{article.id}.md"
