"""Finding the files to import: walking folders, telling pages from their resource folders."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive_reader.core.ingest.formats import is_page_name
from archive_reader.core.ingest.pdf import looks_like_pdf
from archive_reader.core.ingest.sources import sniff_format
from archive_reader.core.models import ImportResult, ImportStatus

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Candidate:
    """A file to import, and whether the user named it directly."""

    path: Path
    explicit: bool


def find_candidates(paths: Iterable[str | Path]) -> tuple[list[Candidate], list[ImportResult]]:
    """Expands files and folders into the files to import.

    Folders are walked recursively in name order. Inside folders, a file is
    taken when its name or its first bytes say it is a saved page or a PDF; other files
    (the images and stylesheets of "complete" pages) are left to the pages
    that use them. Subframe pages that Chrome saves inside a page's
    ``Name_files/`` folder are not articles and are left out too.

    Returns:
        The candidates, and a failed result for each path that does not exist.
    """
    found: list[Candidate] = []
    missing: list[ImportResult] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in _walk(path):
                key = resolved_path(child)
                if key not in seen:
                    seen.add(key)
                    found.append(Candidate(child, explicit=False))
        elif os.path.lexists(path):
            # A file, or something that only looks like one (a named pipe, a
            # symbolic link in a loop): importing it says what is wrong.
            key = resolved_path(path)
            if key not in seen:
                seen.add(key)
                found.append(Candidate(path, explicit=True))
        else:
            missing.append(
                ImportResult(display_path(path), ImportStatus.FAILED, "no such file or folder")
            )
    return found, missing


def display_path(path: str | Path) -> str:
    r"""A path as text that can always be printed and stored.

    File names are bytes on POSIX systems; bytes that are not UTF-8 come out of
    ``os.fsdecode`` as lone surrogates, which neither a terminal, JSON nor SQLite
    accept. They are shown as ``\xNN`` escapes instead.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def resolved_path(path: Path) -> Path:
    """The resolved path, which tells two names of one file apart from two files."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        # A symbolic link loop (RuntimeError before Python 3.13).
        return path.absolute()


def _walk(folder: Path) -> Iterator[Path]:
    """The pages in a folder and its subfolders, in name order.

    Symbolic links to folders are not followed (``os.walk``'s default), so a
    link loop cannot make the walk go round; links to files are taken like
    files. Named pipes, devices and sockets are never opened: reading a pipe
    would wait forever. One named like a page is still listed, so that the
    import reports it.
    """
    for root, dirs, files in os.walk(folder, onerror=_walk_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        if _is_resource_folder(here):
            continue
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            if is_page_name(path) or (path.is_file() and _sniffs_as_page(path)):
                yield path


def _walk_error(error: OSError) -> None:
    log.warning("cannot list the folder %s: %s", error.filename, error.strerror or error)


def _is_resource_folder(folder: Path) -> bool:
    """True for Chrome's ``Name_files`` folder beside a saved ``Name.html``."""
    if not folder.name.endswith("_files"):
        return False
    stem = folder.name[: -len("_files")]
    return any((folder.parent / f"{stem}{suffix}").exists() for suffix in (".html", ".htm"))


def _sniffs_as_page(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    return sniff_format(head) is not None or looks_like_pdf(head)
