"""ArchiveFacade: the UI tests' fake implements every member the widgets may call.

(That Archive implements it is checked by mypy, in ui/facade.py.)
"""

import inspect

from archive_reader.ui.facade import ArchiveFacade
from tests.ui.conftest import FakeArchive


def _members(protocol: type) -> set[str]:
    names = set(getattr(protocol, "__annotations__", {}))
    names |= {n for n, _ in inspect.getmembers(protocol) if not n.startswith("_")}
    return names


def test_the_fake_archive_has_every_member_of_the_facade(tmp_path):
    fake = FakeArchive(count=1, path=tmp_path)
    missing = [
        name
        for name in sorted(_members(ArchiveFacade))
        if not hasattr(FakeArchive, name) and name not in vars(fake)
    ]
    assert not missing


def test_the_fake_archive_takes_the_arguments_of_the_facade():
    for name, member in inspect.getmembers(ArchiveFacade, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        assert list(inspect.signature(getattr(FakeArchive, name)).parameters) == expected, name
