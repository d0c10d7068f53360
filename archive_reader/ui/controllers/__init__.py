"""Controllers: the logic between the main window's widgets and the Archive facade."""
