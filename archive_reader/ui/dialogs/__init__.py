"""Dialogs: import progress and report."""
