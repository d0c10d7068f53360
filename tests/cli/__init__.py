"""Tests of archive_reader.cli."""
