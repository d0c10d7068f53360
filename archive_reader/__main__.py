"""``python -m archive_reader``: the same as the ``archive-reader`` command."""

import sys

from archive_reader.cli import main

sys.exit(main())
