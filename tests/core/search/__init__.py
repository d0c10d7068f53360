"""Tests of archive_reader.core.search."""
