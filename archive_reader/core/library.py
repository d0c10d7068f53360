"""LibraryHandle: what the facade shares with the core's managers; the default library."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from archive_reader.core.db.storage import Storage

LIBRARY_ENV = "ARCHIVE_READER_LIBRARY"


def default_library_path() -> Path:
    """The library used when none is named.

    ``ARCHIVE_READER_LIBRARY`` when set, else ``library`` in the per-user data
    folder (``~/.local/share/archive-reader`` on Linux).
    """
    configured = os.environ.get(LIBRARY_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("archive-reader", appauthor=False) / "library"


def demo_library_path() -> Path:
    """The demo library ``archive-reader --demo`` builds from the sample pages.

    Never remembered as the library to reopen: a newcomer's next plain start
    opens her own library, not the demo.
    """
    return platformdirs.user_data_path("archive-reader", appauthor=False) / "demo-library"


@dataclass(frozen=True)
class LibraryHandle:
    """What the core's managers (entities, annotations, export) share with the facade.

    Attributes:
        storage: The database and originals.
        lock: Held around every use of ``storage`` (the Archive may be used
            from several threads).
        flush: Writes the index entries that changes queued: call it after a
            transaction that called ``storage.queue_for_index(ids)``, outside
            that transaction.
        path: The library folder.
    """

    storage: Storage
    lock: threading.RLock
    flush: Callable[[], None]
    path: Path
