"""The archive-reader command: one module per command group, all through ``Archive``."""
