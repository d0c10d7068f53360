"""Archive Reader: import saved web articles, read, search and annotate them offline."""

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.version import __version__

__all__ = ["Archive", "ArchiveError", "__version__"]
