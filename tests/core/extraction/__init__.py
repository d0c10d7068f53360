"""Tests of archive_reader.core.extraction."""
