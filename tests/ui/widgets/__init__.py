"""Tests of the reader's and the window's widgets."""
