"""Keeping a library healthy: checks, repairs, backups and restores."""
