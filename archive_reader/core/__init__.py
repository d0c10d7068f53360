"""The Qt-free core: storage, import, extraction, index and search."""
