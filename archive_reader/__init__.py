"""Archive Reader: import saved web articles, read, search and annotate them offline."""

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError

__all__ = ["Archive", "ArchiveError", "__version__"]

__version__ = "0.1.0"
