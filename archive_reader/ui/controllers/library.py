"""Libraries: choosing, creating and opening another library folder, and the recent ones."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.ui import messages
from archive_reader.ui.settings import Settings


class LibraryController(QObject):
    """Asks for a library folder and opens it (the window then replaces itself)."""

    def __init__(
        self,
        current: Path,
        settings: Settings,
        dialog_parent: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self._settings = settings
        self._dialog_parent = dialog_parent

    def ask_existing(self) -> Path | None:
        """Asks for the folder of a library to open."""
        parent = self._dialog_parent
        name = messages.open_folder(parent, "Open a Library", str(self._current.parent))
        return Path(name) if name else None

    def ask_new(self) -> Path | None:
        """Asks for a new (or empty) folder to create a library in."""
        parent = self._dialog_parent
        name = messages.save_file(
            parent, "New Library Folder", str(Path.home() / "Research library")
        )
        if not name:
            return None
        path = Path(name)
        if path.exists() and any(path.iterdir()) and not (path / "library.sqlite3").exists():
            messages.show_error(
                parent,
                "Cannot create the library",
                f"{path} is a folder with other files in it.\n\n"
                "Choose a new name, or an empty folder.",
            )
            return None
        return path

    def open(self, path: Path) -> Archive | None:
        """Opens (or creates) the library, remembered among the recent ones; None on error."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            archive = Archive.open(path, rebuild_index=False)
        except ArchiveError as error:
            messages.show_error(
                self._dialog_parent,
                "Cannot open the library",
                f"{error}\n\nChoose another folder, or create a new library.",
            )
            self._settings.remove_recent_library(path)
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self._settings.add_recent_library(archive.path)
        self._settings.last_library = archive.path
        return archive
