"""Tests of archive_reader.core.entities."""
