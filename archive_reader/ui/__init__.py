"""The PySide6 desktop app: a thin layer that turns user actions into Archive calls."""
