"""Reading captures from disk and storing them: formats, encodings, the import pipeline."""
