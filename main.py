"""Starts Archive Reader from a checkout: ``python main.py`` (the same as ``archive-reader``).

Run from a checkout, the default library lives in ``indexes/library`` beside
this file, unless ``ARCHIVE_READER_LIBRARY`` or ``--library`` names another.
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    os.environ.setdefault(
        "ARCHIVE_READER_LIBRARY", str(Path(__file__).resolve().parent / "indexes" / "library")
    )
    from archive_reader.cli.commands import main

    sys.exit(main())
