"""Settings: the user's preferences, kept with QSettings (typed, with defaults)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

THEMES = ("system", "light", "dark")
DEFAULT_FONT_SIZE = 13.0
MAX_RECENT = 8


class Settings:
    """Typed access to QSettings; pass a QSettings (e.g. an ini file in tests) or use the app's.

    The app's organisation and application names (set in ``app.main``) decide
    where the default QSettings lives.
    """

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    @classmethod
    def at(cls, path: Path) -> Settings:
        """Settings kept in an ini file (tests, the benchmark, screenshots)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def sync(self) -> None:
        self._store.sync()

    # Library

    @property
    def recent_libraries(self) -> list[Path]:
        value = self._store.value("library/recent", [])
        if isinstance(value, str):
            value = [value]  # QSettings gives one string for a list of one
        if not isinstance(value, list):
            return []
        return [Path(p) for p in value if p]

    def add_recent_library(self, path: Path) -> None:
        path = Path(path)
        paths = [path] + [p for p in self.recent_libraries if p != path]
        self._store.setValue("library/recent", [str(p) for p in paths[:MAX_RECENT]])

    def remove_recent_library(self, path: Path) -> None:
        paths = [p for p in self.recent_libraries if p != Path(path)]
        self._store.setValue("library/recent", [str(p) for p in paths])

    @property
    def last_library(self) -> Path | None:
        value = self._store.value("library/last", "")
        return Path(str(value)) if value else None

    @last_library.setter
    def last_library(self, path: Path | None) -> None:
        self._store.setValue("library/last", str(path) if path else "")

    # Appearance

    @property
    def theme(self) -> str:
        value = str(self._store.value("appearance/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        assert value in THEMES, value
        self._store.setValue("appearance/theme", value)

    @property
    def reader_font_family(self) -> str:
        """ "" means the reader's own serif list."""
        return str(self._store.value("reader/font_family", ""))

    @reader_font_family.setter
    def reader_font_family(self, value: str) -> None:
        self._store.setValue("reader/font_family", value)

    @property
    def reader_font_size(self) -> float:
        value = self._store.value("reader/font_size", DEFAULT_FONT_SIZE)
        try:
            return float(value) if isinstance(value, (int, float, str)) else DEFAULT_FONT_SIZE
        except ValueError:
            return DEFAULT_FONT_SIZE

    @reader_font_size.setter
    def reader_font_size(self, value: float) -> None:
        self._store.setValue("reader/font_size", float(value))

    # Window

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None, QByteArray | None]:
        """(geometry, toolbar/dock state, splitter state) saved at the last close."""
        values = [self._store.value(f"window/{k}") for k in ("geometry", "state", "splitter")]
        geometry, state, splitter = (v if isinstance(v, QByteArray) else None for v in values)
        return geometry, state, splitter

    def save_window_state(
        self, geometry: QByteArray, state: QByteArray, splitter: QByteArray
    ) -> None:
        self._store.setValue("window/geometry", geometry)
        self._store.setValue("window/state", state)
        self._store.setValue("window/splitter", splitter)

    @property
    def search_order(self) -> str:
        return str(self._store.value("search/order", "relevance"))

    @search_order.setter
    def search_order(self, value: str) -> None:
        self._store.setValue("search/order", value)

    def last_article(self, library: Path) -> int | None:
        """The article last read in a library (opened again at the next start)."""
        value = self._store.value(f"reader/last_article/{_key(library)}", None)
        if isinstance(value, int):
            return value
        try:
            return int(value) if isinstance(value, str) and value else None
        except ValueError:
            return None

    def set_last_article(self, library: Path, article_id: int | None) -> None:
        key = f"reader/last_article/{_key(library)}"
        if article_id is None:
            self._store.remove(key)
        else:
            self._store.setValue(key, article_id)


def _key(library: Path) -> str:
    """A settings key for a library folder (QSettings treats "/" as a group separator)."""
    return hashlib.sha1(str(library.resolve()).encode("utf-8")).hexdigest()[:16]
