"""Highlights and notes: anchoring (pure functions), highlights, article notes."""
