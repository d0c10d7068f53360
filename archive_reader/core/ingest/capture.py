"""Reading a capture into the library: one hashed read, then kept as an original.

A file is read exactly once, into a private copy inside the library, hashed on
the way; the pages are parsed from that copy and it becomes the stored
original. So the original kept, its hash and the article extracted from it
always agree, even when the file changes while it is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive_reader.core.db.storage import Storage
from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.finder import display_path

log = logging.getLogger(__name__)

_CHUNK = 1024 * 1024
# A file that changes while it is copied is read again, this many times in all.
_READ_ATTEMPTS = 3


@dataclass(slots=True)
class CaptureCopy:
    """A file read once into the library: the private copy, its hash and size."""

    path: Path
    sha256: str
    size: int


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def read_capture(storage: Storage, path: Path) -> CaptureCopy:
    """The first stage of an import: reads a file once into a private copy, hashing it.

    The copy is in ``originals/`` under a temporary name; the caller deletes it
    when done (:func:`keep_capture` first links it under its hash).

    Raises:
        ImportFailure: The file cannot be opened or read, is not a regular file,
            or keeps changing while it is read.
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(_READ_ATTEMPTS):
        try:
            source = os.open(path, flags)
        except OSError as error:
            raise ImportFailure(f"cannot read the file: {_reason(error)}") from error
        try:
            before = os.fstat(source)
            if stat.S_ISDIR(before.st_mode):
                raise ImportFailure("cannot read the file: it is a folder")
            if not stat.S_ISREG(before.st_mode):
                raise ImportFailure(
                    "cannot read the file: not a regular file (a named pipe, device or socket)"
                )
            copy = _copy_from(storage, source, before.st_size)
            after = os.fstat(source)
        except OSError as error:
            raise ImportFailure(f"cannot read the file: {_reason(error)}") from error
        finally:
            os.close(source)
        unchanged = after.st_mtime_ns == before.st_mtime_ns
        if unchanged and after.st_size == before.st_size == copy.size:
            return copy
        copy.path.unlink(missing_ok=True)
        log.info("%s changed while it was read; reading it again", display_path(path))
    raise ImportFailure("the file kept changing while it was read (is it still being saved?)")


def _copy_from(storage: Storage, source: int, expected: int) -> CaptureCopy:
    """Copies an open file; stops early once it holds more than ``expected`` bytes.

    A file that grows as fast as it is read would otherwise be copied forever;
    the caller sees the size differ and reads it again.
    """
    storage.originals.mkdir(parents=True, exist_ok=True)
    # The prefix the library check knows for leftovers of an interrupted import.
    handle, temp = tempfile.mkstemp(dir=storage.originals, prefix=".incoming-")
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while size <= expected and (chunk := os.read(source, _CHUNK)):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return CaptureCopy(Path(temp), digest.hexdigest(), size)


def keep_capture(storage: Storage, capture: CaptureCopy) -> None:
    """Puts the private copy into originals/ (atomically), unless it is there."""
    path = capture.path
    target = storage.original_file(capture.sha256)
    if target.exists() and target.stat().st_size == capture.size:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with path.open("r+b") as written:
        os.fsync(written.fileno())
    with contextlib.suppress(OSError):
        # The same bytes under their final name: a hard link is instant and atomic
        # (the copy stays open for the WARC pages still to come).
        os.link(path, target)
        return
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out, path.open("rb") as source:
            shutil.copyfileobj(source, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
