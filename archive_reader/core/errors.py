"""ArchiveError and its user-facing subclasses: messages ready to show."""


class ArchiveError(Exception):
    """An error caused by input or the environment, with a message for the user."""


class LibraryError(ArchiveError):
    """The library folder cannot be opened, created or migrated."""


class ImportFailure(ArchiveError):
    """One file could not be imported; the message names the reason."""


class ArticleNotFound(ArchiveError):
    """No article with the requested id exists in the library."""


class QuerySyntaxError(ArchiveError):
    """A search query could not be parsed."""
