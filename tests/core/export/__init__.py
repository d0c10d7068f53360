"""Tests of archive_reader.core.export."""
