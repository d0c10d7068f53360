"""What every command group shares: exit statuses, JSON output, the terminal's status line."""

from __future__ import annotations

import json
import sys
from typing import TextIO

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def print_json(data: object) -> None:
    """Prints ``data`` as indented JSON, non-ASCII text as it is."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def status_line(text: str, stream: TextIO = sys.stderr) -> None:
    """Rewrites the current terminal line with ``text`` (nothing when not a terminal)."""
    if stream.isatty():
        stream.write("\r\x1b[2K" + text)
        stream.flush()
