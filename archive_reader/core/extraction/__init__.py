"""Saved HTML -> article text and metadata."""
