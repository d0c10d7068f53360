"""Widgets of the main window: the reader and the search results list."""
