"""The command line's highlight, label, tag and note commands.

``annotate``, ``annotations``, ``annotation show|edit|delete``, ``tag``,
``untag``, ``tags``, ``note``, ``label add|list|edit|delete``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from archive_reader.cli.output import EXIT_OK, EXIT_USAGE, print_json
from archive_reader.core.annotations.models import Annotation
from archive_reader.core.archive import Archive

if TYPE_CHECKING:
    from archive_reader.core.annotations.highlights import Annotations


COMMANDS = ("annotate", "annotations", "annotation", "tag", "untag", "tags", "note", "label")


def add_parsers(commands: argparse._SubParsersAction, library: argparse.ArgumentParser) -> None:
    """Adds this module's subcommands to the ``archive-reader`` parser.

    Args:
        commands: The top-level subparsers.
        library: The parent parser that holds ``--library DIR``.
    """
    sub = commands.add_parser(
        "annotate",
        parents=[library],
        help="highlight a passage of an article, with a label, note and tags",
    )
    sub.add_argument("article_id", type=int, metavar="ARTICLE")
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--quote", metavar="TEXT", help="the text to highlight (case and spacing may differ)"
    )
    where.add_argument(
        "--range", nargs=2, type=int, metavar=("START", "END"), help="character offsets"
    )
    sub.add_argument(
        "--occurrence", type=int, default=1, metavar="N", help="take the N-th match of --quote (1)"
    )
    sub.add_argument("--label", metavar="L", help="a label (created when new)")
    sub.add_argument("--note", metavar="N", default="", help="a note on the passage")
    sub.add_argument("--tag", metavar="T", action="append", default=[], help="a tag (repeatable)")
    sub.add_argument("--json", action="store_true", help="print the annotation as JSON")
    sub.set_defaults(command="annotate")

    sub = commands.add_parser(
        "annotations",
        parents=[library],
        help="list highlights: of one article, or across the library by tag, label, entity",
    )
    sub.add_argument("article_id", type=int, nargs="?", metavar="ARTICLE")
    sub.add_argument("--tag", metavar="T", help="only highlights with this tag")
    sub.add_argument("--label", metavar="L", help="only highlights with this label")
    sub.add_argument("--entity", metavar="E", help="only in articles that mention this entity")
    state = sub.add_mutually_exclusive_group()
    state.add_argument(
        "--orphaned",
        dest="orphaned",
        action="store_const",
        const=True,
        help="only those a re-extraction could not place",
    )
    state.add_argument(
        "--placed", dest="orphaned", action="store_const", const=False, help="only placed ones"
    )
    sub.add_argument("--json", action="store_true", help="print a JSON list")
    sub.set_defaults(command="annotations")

    sub = commands.add_parser(
        "annotation", parents=[library], help="show, edit or delete one highlight"
    )
    actions = sub.add_subparsers(dest="annotation_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[library], help="show a highlight")
    show.add_argument("annotation_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    edit = actions.add_parser("edit", parents=[library], help="change label, note or tags")
    edit.add_argument("annotation_id", type=int, metavar="ID")
    which = edit.add_mutually_exclusive_group()
    which.add_argument("--label", metavar="L", help="set the label (created when new)")
    which.add_argument("--no-label", action="store_true", help="remove the label")
    edit.add_argument("--note", metavar="N", help='set the note ("" clears it)')
    edit.add_argument("--tag", metavar="T", action="append", default=[], help="add a tag")
    edit.add_argument("--untag", metavar="T", action="append", default=[], help="remove a tag")
    edit.add_argument("--json", action="store_true", help="print the annotation as JSON")
    delete = actions.add_parser("delete", parents=[library], help="delete a highlight")
    delete.add_argument("annotation_id", type=int, metavar="ID")
    sub.set_defaults(command="annotation")

    sub = commands.add_parser("tag", parents=[library], help="tag an article")
    sub.add_argument("article_id", type=int, metavar="ARTICLE")
    sub.add_argument("tags", nargs="+", metavar="TAG")
    sub.set_defaults(command="tag")

    sub = commands.add_parser("untag", parents=[library], help="remove tags from an article")
    sub.add_argument("article_id", type=int, metavar="ARTICLE")
    sub.add_argument("tags", nargs="+", metavar="TAG")
    sub.set_defaults(command="untag")

    sub = commands.add_parser(
        "tags", parents=[library], help="list tags with counts, or one article's tags"
    )
    sub.add_argument("article_id", type=int, nargs="?", metavar="ARTICLE")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(command="tags")

    sub = commands.add_parser(
        "note", parents=[library], help="show, set or clear the note on an article"
    )
    sub.add_argument("article_id", type=int, metavar="ARTICLE")
    sub.add_argument("text", nargs="?", metavar="TEXT", help="the new note")
    sub.add_argument("--clear", action="store_true", help="remove the note")
    sub.set_defaults(command="note")

    sub = commands.add_parser("label", parents=[library], help="add, list, edit or delete labels")
    actions = sub.add_subparsers(dest="label_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[library], help="add a label")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--color", metavar="#RRGGBB", help="its colour (default: the next free one)")
    listing = actions.add_parser("list", parents=[library], help="list the labels")
    listing.add_argument("--json", action="store_true", help="print JSON")
    change = actions.add_parser("edit", parents=[library], help="rename or recolour a label")
    change.add_argument("name", metavar="NAME")
    change.add_argument("--name", dest="new_name", metavar="NEW", help="the new name")
    change.add_argument("--color", metavar="#RRGGBB", help="the new colour")
    remove = actions.add_parser(
        "delete", parents=[library], help="delete a label (its highlights stay, unlabelled)"
    )
    remove.add_argument("name", metavar="NAME")
    sub.set_defaults(command="label")


def run(archive: Archive, args: argparse.Namespace) -> int | None:
    """Runs the command if it is one of this module's.

    Returns:
        The exit status, or None when the command belongs to another module.

    Raises:
        ArchiveError: From the core, with a message for the user.
    """
    if args.command not in COMMANDS:
        return None
    manager = archive.annotations
    if args.command == "annotate":
        return _annotate(manager, args)
    if args.command == "annotations":
        found = manager.list(
            tag=args.tag,
            label=args.label,
            article_id=args.article_id,
            orphaned=args.orphaned,
            entity=args.entity,
        )
        if args.article_id is not None and not found:
            archive.get(args.article_id)  # a missing article is an error, not an empty list
        if args.json:
            print_json([asdict(annotation) for annotation in found])
        elif not found:
            print("No highlights match.")
        else:
            _print_annotations(found, with_article=args.article_id is None)
        return EXIT_OK
    if args.command == "annotation":
        return _annotation(manager, args)
    if args.command == "tag":
        tags = manager.tag(args.article_id, *args.tags)
        print(f"Article {args.article_id} tags: {', '.join(tags)}")
        return EXIT_OK
    if args.command == "untag":
        removed = manager.untag(args.article_id, *args.tags)
        missing = [t for t in args.tags if t.strip().casefold() not in _folded(removed)]
        if removed:
            print(f"Removed from article {args.article_id}: {', '.join(removed)}")
        if missing:
            print(f"Article {args.article_id} was not tagged {', '.join(missing)}", file=sys.stderr)
        return EXIT_OK
    if args.command == "tags":
        return _tags(manager, args)
    if args.command == "note":
        return _note(manager, args)
    return _label(manager, args)


def _annotate(manager: Annotations, args: argparse.Namespace) -> int:
    if args.quote is not None:
        annotation = manager.add(
            args.article_id,
            quote=args.quote,
            occurrence=args.occurrence,
            label=args.label,
            note=args.note,
            tags=args.tag,
        )
    else:
        start, end = args.range
        annotation = manager.add(
            args.article_id, start, end, label=args.label, note=args.note, tags=args.tag
        )
    if args.quote is not None:
        count = manager.quote_count(args.article_id, args.quote)
        if count > 1:
            print(
                f"The quote occurs {count} times in article {args.article_id}; highlighted"
                f" occurrence {args.occurrence} (characters {annotation.start}-{annotation.end})."
                " Take another with --occurrence N.",
                file=sys.stderr,
            )
    if args.json:
        print_json(asdict(annotation))
    else:
        print(f"Highlighted in article {annotation.article_id} as annotation {annotation.id}:")
        _print_annotations([annotation], with_article=False)
    return EXIT_OK


def _annotation(manager: Annotations, args: argparse.Namespace) -> int:
    action = args.annotation_action
    if action == "delete":
        deleted = manager.delete(args.annotation_id)
        print(f"Deleted annotation {deleted.id} of article {deleted.article_id}: {deleted.quote!r}")
        return EXIT_OK
    if action == "edit":
        if args.no_label or args.label is not None:
            annotation = manager.edit(
                args.annotation_id,
                label=None if args.no_label else args.label,
                note=args.note,
                add_tags=args.tag,
                remove_tags=args.untag,
            )
        else:
            annotation = manager.edit(
                args.annotation_id, note=args.note, add_tags=args.tag, remove_tags=args.untag
            )
    else:
        annotation = manager.get(args.annotation_id)
    if args.json:
        print_json(asdict(annotation))
    else:
        _print_annotations([annotation], with_article=True)
    return EXIT_OK


def _tags(manager: Annotations, args: argparse.Namespace) -> int:
    if args.article_id is not None:
        names = manager.article_tags(args.article_id)
        if args.json:
            print_json(names)
        else:
            print(", ".join(names) if names else f"Article {args.article_id} has no tags.")
        return EXIT_OK
    counts = manager.tags()
    if args.json:
        print_json([asdict(count) for count in counts])
    elif not counts:
        print("No tags yet. Tag an article with: archive-reader tag ARTICLE TAG")
    for count in [] if args.json else counts:
        print(f"{count.name}: {count.articles} article(s), {count.annotations} highlight(s)")
    return EXIT_OK


def _note(manager: Annotations, args: argparse.Namespace) -> int:
    if args.clear and args.text is not None:
        print("archive-reader: give a note or --clear, not both", file=sys.stderr)
        return EXIT_USAGE
    if args.clear:
        manager.set_note(args.article_id, "")
        print(f"Cleared the note of article {args.article_id}.")
    elif args.text is not None:
        manager.set_note(args.article_id, args.text)
        print(f"Noted on article {args.article_id}.")
    else:
        note = manager.note(args.article_id)
        print(note if note else f"Article {args.article_id} has no note.")
    return EXIT_OK


def _label(manager: Annotations, args: argparse.Namespace) -> int:
    action = args.label_action
    if action == "add":
        label = manager.add_label(args.name, args.color)
        print(f"Label {label.position}: {label.name} {label.color}")
    elif action == "edit":
        if args.new_name is None and args.color is None:
            print("archive-reader: give --name or --color", file=sys.stderr)
            return EXIT_USAGE
        label = manager.edit_label(args.name, args.new_name, args.color)
        print(f"Label {label.position}: {label.name} {label.color}")
    elif action == "delete":
        label = manager.delete_label(args.name)
        print(f"Deleted the label {label.name}; its highlights stay, without a label.")
    else:
        labels = manager.labels()
        if args.json:
            print_json([asdict(label) for label in labels])
        elif not labels:
            print("No labels yet. Add one with: archive-reader label add NAME")
        for label in [] if args.json else labels:
            print(f"{label.position:>2}  {label.color}  {label.name}")
    return EXIT_OK


def _print_annotations(annotations: list[Annotation], with_article: bool) -> None:
    for annotation in annotations:
        label = f"[{annotation.label}] " if annotation.label else ""
        where = f"{annotation.start}-{annotation.end}"
        if with_article:
            where = f"article {annotation.article_id} {annotation.article_title!r}, {where}"
        state = "  ORPHANED (not found in the current text)" if annotation.orphaned else ""
        quote = " ".join(annotation.quote.split())
        print(f"{annotation.id:>6}  {label}“{quote}”  ({where}){state}")
        if annotation.note:
            print(f"        note: {annotation.note}")
        if annotation.tags:
            print(f"        tags: {', '.join(annotation.tags)}")


def _folded(names: list[str]) -> set[str]:
    return {name.casefold() for name in names}
