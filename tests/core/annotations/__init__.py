"""Tests of archive_reader.core.annotations."""
