"""Entities: the catalogue, matching names in text, suggestions, mentions, co-occurrence."""
