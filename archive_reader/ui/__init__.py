"""The PySide6 desktop app: a thin layer that turns user actions into Archive calls."""

import ctypes
import sys


def _keep_none_alive() -> None:
    """Works around PySide6 6.12 on CPython 3.11 dropping a reference to None.

    Every call of a Qt method that returns nothing (``setText``,
    ``QTextCursor.setPosition``, ``setExtraSelections``...) hands None back
    without taking a reference to it, so None's count falls by one per call until
    CPython aborts with "none_dealloc: deallocating None" (a few thousand calls:
    marking the mentions of two long articles). CPython 3.12 made None immortal;
    on 3.11 its count is raised once, far out of reach. pyproject.toml also
    keeps that release out; this guards an environment that has it anyway.
    """
    # The count is the object's first field, except in builds that trace references.
    if (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and not hasattr(sys, "getobjects")
    ):
        count = ctypes.c_ssize_t.from_address(id(None))
        if count.value < 1 << 40:
            count.value += 1 << 40


_keep_none_alive()
