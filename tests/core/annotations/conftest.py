"""The annotation tests' fixtures: a library, an article in it, its annotations."""

from tests.core.annotations.pages import archive, article, notes  # noqa: F401  (fixtures)
