"""Export: what to export (the selection) and one module per family of formats."""
