"""Tests of the PySide6 app."""
