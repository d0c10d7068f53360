"""Tests of archive_reader.core.maintenance."""
