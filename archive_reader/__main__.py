"""``python -m archive_reader``: the same as the ``archive-reader`` command."""

import sys

from archive_reader.cli.commands import main

if __name__ == "__main__":  # (not when a child process of an import imports it)
    sys.exit(main())
