"""Tests of the controllers between the window's widgets and the Archive."""
