"""Finds the repository's resources/ folder: stylesheets and icons."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a file under resources/ (it may not exist)."""
    return RESOURCES_DIR.joinpath(*parts)


def read_text(*parts: str) -> str:
    """A text resource such as ``read_text("style", "reader.css")``; "" if missing."""
    path = resource_path(*parts)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        # An install without the resources folder still runs, just plainer.
        log.warning("Resource not found: %s", path)
        return ""


def icon(name: str, fallback_theme: str = "") -> QIcon:
    """An icon from resources/icons/<name>.svg|png, else the desktop theme's icon."""
    for suffix in (".svg", ".png"):
        path = resource_path("icons", name + suffix)
        if path.is_file():
            return QIcon(str(path))
    return QIcon.fromTheme(fallback_theme or name)
