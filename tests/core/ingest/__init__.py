"""Tests of archive_reader.core.ingest."""
