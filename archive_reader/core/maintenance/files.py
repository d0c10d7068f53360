"""The originals folder's files for upkeep: hashing, verified atomic copies, import leftovers."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

#: Prefix of the temporary files an import writes before renaming them into originals/.
TEMP_PREFIX = ".incoming-"
_CHUNK = 1024 * 1024


class HashMismatch(Exception):
    """A copied file's SHA-256 is not the one expected."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex digits.

    Raises:
        OSError: The file cannot be read.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_verified(source: Path, target: Path, sha256: str) -> None:
    """Copies a file atomically (temp file, fsync, rename), checking its SHA-256 on the way.

    Args:
        source: The file to copy.
        target: Where the copy goes (replaced when it exists); its folder is made.
        sha256: The SHA-256 the bytes must have.

    Raises:
        HashMismatch: The bytes read do not have this hash (nothing is written).
        OSError: Reading or writing failed (nothing is left half-written).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            while chunk := data.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise HashMismatch(str(source))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def loose_files(originals: Path, known: set[str]) -> tuple[list[Path], list[Path]]:
    """Temporary files of interrupted imports, and files no originals row names.

    Args:
        originals: The library's originals folder.
        known: The SHA-256 of every original the database records.

    Returns:
        The temporary files, and the files no row names (both sorted).
    """
    leftovers: list[Path] = []
    strays: list[Path] = []
    if not originals.is_dir():
        return leftovers, strays
    for folder in sorted(originals.iterdir()):
        if not folder.is_dir():
            if folder.name.startswith(TEMP_PREFIX):
                leftovers.append(folder)
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(TEMP_PREFIX):
                leftovers.append(path)
            elif path.name not in known:
                strays.append(path)
    return leftovers, strays
