"""The package version, kept apart so that the core can read it without importing the facade."""

__version__ = "0.1.0"
