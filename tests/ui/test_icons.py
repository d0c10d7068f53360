"""The hand-drawn SVG icons in resources/icons load and render."""

import pytest

from archive_reader.ui.resources import icon, resource_path

ICON_NAMES = [
    "import-file",
    "import-folder",
    "export",
    "undo",
    "redo",
    "tag",
    "search",
    "delete",
    "preferences",
    "highlight",
    "entity",
    "archive-reader",
]


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_file_exists(name):
    assert resource_path("icons", f"{name}.svg").is_file()


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_renders_at_24_px(qapp, name):
    loaded = icon(name)
    assert not loaded.isNull()

    pixmap = loaded.pixmap(24, 24)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    painted = sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )
    assert painted > 0, f"{name}.svg rendered nothing"
