"""Tests of archive_reader.core.db."""
