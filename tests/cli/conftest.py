"""The command tests' fixtures: a library and an article in it."""

from tests.core.annotations.pages import archive, article  # noqa: F401  (fixtures)
