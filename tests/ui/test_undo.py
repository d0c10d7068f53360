"""Undo commands: each one done, undone and done again against a real library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from archive_reader import Archive
from archive_reader.core.entities.models import EntityNotFound
from archive_reader.ui import messages, undo

FILLER = (
    "The report was written over several months by a small team of researchers who read"
    " thousands of posts and compared them with the public statements of the companies."
)

PAGES = {
    "courier": (
        "Accounts removed",
        "2023-05-10",
        "Courier",
        [
            "Meta removed accounts tied to RT and to Sputnik on Tuesday.",
            "Rossiya Segodnya runs Sputnik, said Nadia Petrova of the Atlantic Council.",
            "Nadia Petrova said the Atlantic Council had warned Meta before.",
        ],
    ),
    "ledger": (
        "TikTok acts",
        "2024-02-01",
        "Ledger",
        [
            "TikTok banned RT and Sputnik from its platform.",
            "The Atlantic Council welcomed the decision by TikTok.",
        ],
    ),
}


def page(title: str, date: str, site: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in [*paragraphs, FILLER])
    return (
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def build_library(tmp_path: Path) -> tuple[Archive, dict[str, int]]:
    """A library of the PAGES, with Meta, RT and Sputnik as entities."""
    archive = Archive.open(tmp_path / "lib")
    ids = {}
    for name, (title, date, site, paragraphs) in PAGES.items():
        path = tmp_path / f"{name}.html"
        path.write_text(page(title, date, site, paragraphs), encoding="utf-8")
        (result,) = archive.import_paths([path])
        assert result.article_id is not None, result.reason
        ids[name] = result.article_id
    archive.entities.add("Meta", "organisation")
    archive.entities.add("RT", "organisation", aliases=["Russia Today"])
    archive.entities.add("Sputnik", "organisation")
    return archive, ids


def span(archive: Archive, article_id: int, quote: str) -> tuple[int, int]:
    start = archive.get(article_id).text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def library(tmp_path: Path):
    archive, ids = build_library(tmp_path)
    yield archive, ids
    archive.close()


@pytest.fixture
def stack(qtbot) -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def errors(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages, "show_error", lambda _p, title, text, *a: shown.append((title, text))
    )
    return shown


def test_add_highlight_undo_redo(library, stack, errors) -> None:
    archive, ids = library
    start, end = span(archive, ids["courier"], "Rossiya Segodnya runs Sputnik")
    command = undo.AddHighlight(archive, ids["courier"], start, end, label="evidence", note="n1")
    stack.push(command)
    (added,) = archive.annotations.for_article(ids["courier"])
    assert (added.quote, added.label, added.note) == (
        "Rossiya Segodnya runs Sputnik",
        "evidence",
        "n1",
    )
    assert command.annotation_id == added.id
    stack.undo()
    assert archive.annotations.for_article(ids["courier"]) == []
    stack.redo()
    (again,) = archive.annotations.for_article(ids["courier"])
    assert (again.id, again.quote, again.note) == (added.id, added.quote, "n1")
    assert errors == []


def test_edit_highlight_remembers_the_previous_state(library, stack, errors) -> None:
    archive, ids = library
    start, end = span(archive, ids["courier"], "Meta removed accounts")
    first = archive.annotations.add(
        ids["courier"], start, end, label="claim", note="old", tags=["a"]
    )
    stack.push(undo.EditHighlight(archive, first.id, label="evidence", note="new", tags=["b", "c"]))
    edited = archive.annotations.get(first.id)
    assert (edited.label, edited.note, edited.tags) == ("evidence", "new", ["b", "c"])
    stack.undo()
    back = archive.annotations.get(first.id)
    assert (back.label, back.note, back.tags) == ("claim", "old", ["a"])
    stack.redo()
    assert archive.annotations.get(first.id).tags == ["b", "c"]
    # Only what is given changes.
    stack.push(undo.EditHighlight(archive, first.id, note="only the note"))
    assert archive.annotations.get(first.id).label == "evidence"
    stack.push(undo.EditHighlight(archive, first.id, label=None))
    assert archive.annotations.get(first.id).label is None
    stack.undo()
    assert archive.annotations.get(first.id).label == "evidence"
    assert errors == []


def test_delete_highlight_restores_and_later_commands_follow_a_new_id(
    library, stack, errors
) -> None:
    archive, ids = library
    start, end = span(archive, ids["courier"], "Meta removed accounts")
    first = archive.annotations.add(ids["courier"], start, end, note="keep me", tags=["x"])
    stack.push(undo.EditHighlight(archive, first.id, note="edited"))
    stack.push(undo.DeleteHighlight(archive, first.id))
    assert archive.annotations.for_article(ids["courier"]) == []
    # Someone takes the id meanwhile (outside the stack): the restore gets a new one.
    other = archive.annotations.add(ids["courier"], start, end)
    assert other.id == first.id
    stack.undo()
    restored = [a for a in archive.annotations.for_article(ids["courier"]) if a.id != other.id]
    assert [(a.note, a.tags) for a in restored] == [("edited", ["x"])]
    new_id = restored[0].id
    assert undo.current_id(archive, undo.ANNOTATION, first.id) == new_id
    stack.undo()  # the edit follows the highlight to its new id
    assert archive.annotations.get(new_id).note == "keep me"
    assert archive.annotations.get(other.id).note == ""
    stack.redo()
    stack.redo()
    assert archive.annotations.for_article(ids["courier"]) == [archive.annotations.get(other.id)]
    assert errors == []


def test_article_note_and_tags(library, stack, errors) -> None:
    archive, ids = library
    article = ids["ledger"]
    archive.annotations.tag(article, "kept")
    stack.push(undo.SetArticleNote(archive, article, "first note"))
    stack.push(undo.TagArticle(archive, article, "kept", "new"))
    assert archive.annotations.note(article) == "first note"
    assert archive.annotations.article_tags(article) == ["kept", "new"]
    stack.undo()
    assert archive.annotations.article_tags(article) == ["kept"]
    stack.undo()
    assert archive.annotations.note(article) == ""
    stack.redo()
    stack.redo()
    stack.push(undo.UntagArticle(archive, article, "kept", "absent"))
    assert archive.annotations.article_tags(article) == ["new"]
    stack.undo()
    assert archive.annotations.article_tags(article) == ["kept", "new"]
    stack.redo()
    assert archive.annotations.article_tags(article) == ["new"]
    assert errors == []


def test_tag_entity_creates_then_undo_deletes_and_redo_creates_again(
    library, stack, errors
) -> None:
    archive, ids = library
    start, end = span(archive, ids["courier"], "Rossiya Segodnya")
    command = undo.TagEntity(archive, ids["courier"], start, end, type="organisation")
    stack.push(command)
    entity = archive.entities.get(command.entity_id)
    assert entity.name == "Rossiya Segodnya"
    assert entity.mention_count == 1
    stack.undo()
    with pytest.raises(EntityNotFound):
        archive.entities.find("Rossiya Segodnya")
    stack.redo()
    again = archive.entities.find("Rossiya Segodnya")
    assert command.entity_id == again.id
    (mention,) = archive.entities.mentions(entity_id=again.id)
    assert (mention.source, mention.start, mention.end) == ("manual", start, end)
    assert errors == []


def test_tag_entity_as_an_alias_and_undo_removes_the_alias(library, stack, errors) -> None:
    archive, ids = library
    rt = archive.entities.find("RT")
    start, end = span(archive, ids["courier"], "Tuesday")
    stack.push(undo.TagEntity(archive, ids["courier"], start, end, entity_id=rt.id))
    assert "Tuesday" in archive.entities.get(rt.id).other_names
    stack.undo()
    assert "Tuesday" not in archive.entities.get(rt.id).other_names
    assert "Tuesday" not in [m.text for m in archive.entities.mentions(entity_id=rt.id)]
    stack.redo()
    assert "Tuesday" in [m.text for m in archive.entities.mentions(entity_id=rt.id)]
    assert errors == []


def test_rename_entity_and_undo(library, stack, errors) -> None:
    archive, ids = library
    rt = archive.entities.find("RT")
    stack.push(undo.RenameEntity(archive, rt.id, "RT News"))
    assert archive.entities.get(rt.id).name == "RT News"
    stack.undo()
    back = archive.entities.get(rt.id)
    assert back.name == "RT"
    assert sorted(a.text for a in back.aliases) == ["RT", "Russia Today"]
    stack.redo()
    assert archive.entities.get(rt.id).name == "RT News"
    assert errors == []


def test_entity_type_notes_and_aliases(library, stack, errors) -> None:
    archive, _ = library
    meta = archive.entities.find("Meta")
    stack.push(undo.SetEntityType(archive, meta.id, "person"))
    stack.push(undo.SetEntityNotes(archive, meta.id, "platform"))
    stack.push(undo.AddAlias(archive, meta.id, "Facebook", case_sensitive=True))
    stack.push(undo.SetAliasCase(archive, meta.id, "Facebook", False))
    got = archive.entities.get(meta.id)
    assert (got.type, got.notes) == ("person", "platform")
    assert [(a.text, a.case_sensitive) for a in got.aliases if a.text == "Facebook"] == [
        ("Facebook", False)
    ]
    stack.undo()
    assert [
        a.case_sensitive for a in archive.entities.get(meta.id).aliases if a.text == "Facebook"
    ] == [True]
    stack.undo()
    stack.undo()
    stack.undo()
    got = archive.entities.get(meta.id)
    assert (got.type, got.notes, got.other_names) == ("organisation", "", [])
    stack.redo()
    stack.redo()
    stack.redo()
    stack.push(undo.RemoveAlias(archive, meta.id, "Facebook"))
    assert archive.entities.get(meta.id).other_names == []
    stack.undo()
    assert archive.entities.get(meta.id).other_names == ["Facebook"]
    assert errors == []


def test_delete_entity_undo_creates_it_again_with_its_rejections(library, stack, errors) -> None:
    archive, ids = library
    rt = archive.entities.find("RT")
    (first, *_) = archive.entities.mentions(article_id=ids["courier"], entity_id=rt.id)
    stack.push(undo.RejectMention(archive, first.id))
    stack.push(undo.RenameEntity(archive, rt.id, "RT News"))
    stack.push(undo.DeleteEntity(archive, rt.id))
    with pytest.raises(EntityNotFound):
        archive.entities.get(rt.id)
    stack.undo()
    again = archive.entities.find("RT News")
    assert undo.current_id(archive, undo.ENTITY, rt.id) == again.id
    assert sorted(a.text for a in again.aliases) == ["RT", "RT News", "Russia Today"]
    rejected = [
        m
        for m in archive.entities.mentions(entity_id=again.id, include_rejected=True)
        if m.rejected
    ]
    assert [(m.article_id, m.start) for m in rejected] == [(first.article_id, first.start)]
    stack.undo()  # the rename follows the new id
    assert archive.entities.get(again.id).name == "RT"
    stack.undo()  # and so does the rejection
    assert not any(
        m.rejected for m in archive.entities.mentions(entity_id=again.id, include_rejected=True)
    )
    stack.redo()
    stack.redo()
    stack.redo()
    with pytest.raises(EntityNotFound):
        archive.entities.get(again.id)
    assert errors == []


def test_merge_entities_undo_splits_them_again(library, stack, errors) -> None:
    archive, ids = library
    catalog = archive.entities
    rt, sputnik = catalog.find("RT"), catalog.find("Sputnik")
    catalog.set_notes(rt.id, "state broadcaster")
    start, end = span(archive, ids["ledger"], "its platform")
    manual = catalog.add_mention(ids["ledger"], rt.id, start, end)  # by hand, not an alias
    (found, *_) = catalog.mentions(article_id=ids["courier"], entity_id=sputnik.id)
    catalog.reject(found.id)

    def state(entity_id: int) -> tuple:
        entity = catalog.get(entity_id)
        mentions = catalog.mentions(entity_id=entity_id, include_rejected=True)
        return (
            entity.name,
            sorted((a.text, a.case_sensitive) for a in entity.aliases),
            entity.notes,
            sorted((m.article_id, m.start, m.end, m.source, m.rejected) for m in mentions),
        )

    rt_before, sputnik_before = state(rt.id), state(sputnik.id)
    stack.push(undo.MergeEntity(archive, rt.id, sputnik.id))
    merged = state(sputnik.id)
    assert "Russia Today" in [text for text, _ in merged[1]] and merged[2] == "state broadcaster"
    with pytest.raises(EntityNotFound):
        catalog.get(rt.id)

    stack.undo()
    again = undo.current_id(archive, undo.ENTITY, rt.id)
    assert state(again) == rt_before
    assert state(sputnik.id) == sputnik_before
    assert (manual.article_id, manual.start) in [
        (m.article_id, m.start) for m in catalog.mentions(entity_id=again)
    ]

    stack.redo()  # merges the recreated entity
    assert state(sputnik.id) == merged
    assert errors == []


def test_accept_and_dismiss_suggestions(library, stack, errors) -> None:
    archive, ids = library
    names = [s.name for s in archive.entities.suggest(ids["courier"])]
    assert "Nadia Petrova" in names and "Atlantic Council" in names
    command = undo.AcceptSuggestion(archive, "Nadia Petrova", "person")
    stack.push(command)
    person = archive.entities.get(command.entity_id)
    assert (person.type, person.mention_count) == ("person", 2)
    stack.undo()
    assert "Nadia Petrova" in [s.name for s in archive.entities.suggest(ids["courier"])]
    stack.redo()
    assert archive.entities.find("Nadia Petrova").id == command.entity_id
    stack.push(undo.DismissSuggestion(archive, "Atlantic Council"))
    assert "Atlantic Council" not in [s.name for s in archive.entities.suggest(ids["courier"])]
    stack.undo()
    assert "Atlantic Council" in [s.name for s in archive.entities.suggest(ids["courier"])]
    assert errors == []


def test_reject_and_restore_mention(library, stack, errors) -> None:
    archive, ids = library
    (mention,) = archive.entities.mentions(
        article_id=ids["ledger"], entity_id=archive.entities.find("Sputnik").id
    )
    stack.push(undo.RejectMention(archive, mention.id))
    assert archive.entities.mention(mention.id).rejected
    stack.undo()
    assert not archive.entities.mention(mention.id).rejected
    stack.redo()
    stack.push(undo.RestoreMention(archive, mention.id))
    assert not archive.entities.mention(mention.id).rejected
    stack.undo()
    assert archive.entities.mention(mention.id).rejected
    assert errors == []


def test_a_command_whose_object_is_gone_says_so_and_leaves_the_stack(
    library, stack, errors
) -> None:
    archive, _ = library
    meta = archive.entities.find("Meta")
    stack.push(undo.SetEntityNotes(archive, meta.id, "x"))
    archive.entities.delete(meta.id)  # outside the stack
    stack.undo()
    assert len(errors) == 1 and "no entity" in errors[0][1]
    assert stack.count() == 0
    # A push that fails is not kept either.
    stack.push(undo.RenameEntity(archive, meta.id, "Meta Platforms"))
    assert stack.count() == 0 and len(errors) == 2
