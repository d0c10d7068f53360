"""The ``archive-reader entity`` commands: the entity catalogue from a terminal."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from archive_reader.cli.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_json
from archive_reader.core.archive import Archive
from archive_reader.core.entities.models import Entity

if TYPE_CHECKING:
    from archive_reader.core.entities.catalog import EntityCatalog


def add_parsers(commands: argparse._SubParsersAction, library: argparse.ArgumentParser) -> None:
    """Adds ``entity`` and its actions to the command line."""
    entity = commands.add_parser(
        "entity",
        parents=[library],
        help="the entity catalogue: people, organisations, places, events and their mentions",
        description="Entities, their aliases and mentions. ENTITY is an id, a name or an alias.",
    )
    entity.set_defaults(command="entity")
    actions = entity.add_subparsers(dest="entity_action", metavar="ACTION", required=True)

    case = argparse.ArgumentParser(add_help=False)
    group = case.add_mutually_exclusive_group()
    group.add_argument(
        "--case-sensitive",
        dest="case_sensitive",
        action="store_const",
        const=True,
        default=None,
        help="match only as written (the default for short all-capital forms like RT)",
    )
    group.add_argument(
        "--ignore-case",
        dest="case_sensitive",
        action="store_const",
        const=False,
        help="match in any case",
    )

    def action(name: str, help: str, with_case: bool = False) -> argparse.ArgumentParser:
        parents = [library, case] if with_case else [library]
        sub = actions.add_parser(name, parents=parents, help=help, description=help)
        sub.set_defaults(command="entity", entity_action=name)
        return sub

    sub = action("add", "create an entity and find its mentions in every article", with_case=True)
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--type", required=True, help="person, organisation, place, event, ...")
    sub.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    sub.add_argument("--notes", default="", help="notes on the entity")

    sub = action(
        "alias", "give an entity another name (or remove one with --remove)", with_case=True
    )
    sub.add_argument("entity", metavar="ENTITY")
    sub.add_argument("alias", metavar="ALIAS")
    sub.add_argument("--remove", action="store_true", help="remove this alias instead")

    sub = action("list", "list the entities with their counts")
    sub.add_argument("--type", default=None, help="only this type")
    sub.add_argument("--contains", default=None, help="only names or aliases containing this")
    sub.add_argument("--json", action="store_true", help="print a JSON list")

    sub = action("show", "an entity: aliases, counts, dates, articles and co-occurring entities")
    sub.add_argument("entity", metavar="ENTITY")
    sub.add_argument("--since", default=None, help="co-occurrence from this date (2023, 2023-05)")
    sub.add_argument("--until", default=None, help="co-occurrence up to this date")
    sub.add_argument("--site", default=None, help="co-occurrence in this site's articles")
    sub.add_argument("--tag", default=None, help="co-occurrence in articles with this tag")
    sub.add_argument("--passages", type=int, default=3, help="evidence passages per entity")
    sub.add_argument("--json", action="store_true", help="print JSON")

    sub = action("rename", "rename an entity (the old name stays an alias unless --drop-old)")
    sub.add_argument("entity", metavar="ENTITY")
    sub.add_argument("name", metavar="NEW_NAME")
    sub.add_argument("--drop-old", action="store_true", help="do not keep the old name as alias")

    sub = action("merge", "merge SOURCE into TARGET: aliases and mentions move, SOURCE goes")
    sub.add_argument("source", metavar="SOURCE")
    sub.add_argument("target", metavar="TARGET")

    sub = action("delete", "delete an entity with its aliases and mentions")
    sub.add_argument("entity", metavar="ENTITY")
    sub.add_argument("--yes", action="store_true", help="really delete")

    sub = action("notes", "replace an entity's notes")
    sub.add_argument("entity", metavar="ENTITY")
    sub.add_argument("notes", metavar="TEXT")

    sub = action("retype", "change an entity's type")
    sub.add_argument("entity", metavar="ENTITY")
    sub.add_argument("type", metavar="TYPE")

    sub = action("types", "list the entity types, or add / delete one")
    sub.add_argument("--add", default=None, metavar="TYPE", help="add a type")
    sub.add_argument("--delete", default=None, metavar="TYPE", help="delete an unused type")

    sub = action("suggest", "names in an article that look like entities, not yet catalogued")
    sub.add_argument("article_id", type=int, metavar="ARTICLE")
    sub.add_argument("--limit", type=int, default=None)
    sub.add_argument("--json", action="store_true", help="print a JSON list")

    sub = action("accept", "accept a suggestion: create the entity")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--type", required=True)

    sub = action("dismiss", "dismiss a suggestion for good (--undo to allow it again)")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--undo", action="store_true")

    sub = action(
        "tag", "tag a passage of an article: a new entity, or an alias of one", with_case=True
    )
    sub.add_argument("article_id", type=int, metavar="ARTICLE")
    sub.add_argument("start", type=int, metavar="START")
    sub.add_argument("end", type=int, metavar="END")
    target = sub.add_mutually_exclusive_group(required=True)
    target.add_argument("--entity", default=None, help="add the text as alias of this entity")
    target.add_argument("--type", default=None, help="create an entity of this type")

    sub = action("mentions", "the mentions of an article or an entity, with their ids")
    sub.add_argument("--article", type=int, default=None, metavar="ARTICLE")
    sub.add_argument("--entity", default=None, metavar="ENTITY")
    sub.add_argument("--rejected", action="store_true", help="include rejected mentions")
    sub.add_argument("--json", action="store_true", help="print a JSON list")

    sub = action("reject", "reject a mention (it is not found again); --undo restores it")
    sub.add_argument("mention_id", type=int, metavar="MENTION_ID")
    sub.add_argument("--undo", action="store_true")

    sub = action("scan", "find the catalogue's mentions again (all articles, or some)")
    sub.add_argument("article_ids", type=int, nargs="*", metavar="ARTICLE")


def run(archive: Archive, args: argparse.Namespace) -> int | None:
    """Runs an ``entity`` command; None when the command is not one of ours."""
    if getattr(args, "command", None) != "entity":
        return None
    handler = _HANDLERS[args.entity_action]
    return handler(archive.entities, args)


def _entity_line(entity: Entity) -> str:
    others = ", ".join(entity.other_names)
    dates = ""
    if entity.first_date:
        dates = f"  {entity.first_date[:10]}..{(entity.last_date or '')[:10]}"
    return (
        f"{entity.id:>5}  {entity.name} ({entity.type})"
        f"  {entity.mention_count} mention(s) in {entity.article_count} article(s){dates}"
        + (f"\n       also: {others}" if others else "")
    )


def _add(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.add(args.name, args.type, args.alias, args.notes, args.case_sensitive)
    print(f"Added {_entity_line(entity).strip()}")
    return EXIT_OK


def _alias(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.find(args.entity)
    if args.remove:
        matching = [a for a in entity.aliases if a.text == " ".join(args.alias.split())]
        if not matching:
            print(f"archive-reader: {entity.name} has no alias {args.alias!r}", file=sys.stderr)
            return EXIT_FAILED
        catalog.remove_alias(matching[0].id)
        print(f"Removed the alias {matching[0].text!r} of {entity.name}.")
        return EXIT_OK
    alias = catalog.add_alias(entity.id, args.alias, args.case_sensitive)
    rule = "as written" if alias.case_sensitive else "in any case"
    entity = catalog.get(entity.id)
    print(
        f"{entity.name} is also {alias.text!r} (matched {rule});"
        f" {entity.mention_count} mention(s) in {entity.article_count} article(s)."
    )
    return EXIT_OK


def _list(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entities = catalog.entities(args.type, args.contains)
    if args.json:
        print_json([asdict(entity) for entity in entities])
        return EXIT_OK
    for entity in entities:
        print(_entity_line(entity))
    if not entities:
        print("No entities.")
    return EXIT_OK


def _show(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.find(args.entity)
    articles = catalog.articles(entity.id)
    pairs = catalog.cooccurrences(
        entity.id, args.since, args.until, args.site, args.tag, passages=args.passages
    )
    if args.json:
        print_json(
            {
                **asdict(entity),
                "articles": [asdict(article) for article in articles],
                "cooccurrences": [asdict(pair) for pair in pairs],
            }
        )
        return EXIT_OK
    print(f"{entity.name} ({entity.type}), id {entity.id}")
    for alias in entity.aliases:
        rule = "as written" if alias.case_sensitive else "any case"
        print(f"  alias {alias.id}: {alias.text}  ({rule})")
    if entity.notes:
        print(f"  notes: {entity.notes}")
    dates = (
        f"; first {entity.first_date}, last {entity.last_date or entity.first_date}"
        if entity.first_date
        else " (no publication dates)"
    )
    print(f"  {entity.mention_count} mention(s) in {entity.article_count} article(s){dates}")
    print("Articles:")
    for article in articles:
        print(
            f"  {article.article_id:>5}  {(article.published or '')[:10]:<10}"
            f"  {article.title}  ({article.mention_count}×)"
        )
    print("Appears with:")
    for pair in pairs:
        print(
            f"  {pair.name} ({pair.type}, id {pair.entity_id}):"
            f" {pair.articles} article(s), {pair.paragraphs} paragraph(s)"
        )
        for passage in pair.passages:
            text = passage.text if len(passage.text) <= 300 else passage.text[:297] + "..."
            day = (passage.published or "")[:10]
            print(f"      [{passage.article_id}{', ' + day if day else ''}] {text}")
    if not pairs:
        print("  (no other entity)")
    return EXIT_OK


def _rename(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.find(args.entity)
    renamed = catalog.rename(entity.id, args.name, keep_old_name=not args.drop_old)
    print(f"Renamed {entity.name!r} to {renamed.name!r}.")
    return EXIT_OK


def _merge(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    source = catalog.find(args.source)
    target = catalog.find(args.target)
    merged = catalog.merge(source.id, target.id)
    print(f"Merged {source.name!r} into {_entity_line(merged).strip()}")
    return EXIT_OK


def _delete(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.find(args.entity)
    if not args.yes:
        print(
            f"archive-reader: this deletes {entity.name!r} with its {len(entity.aliases)}"
            f" alias(es) and {entity.mention_count} mention(s); add --yes to do it",
            file=sys.stderr,
        )
        return EXIT_USAGE
    catalog.delete(entity.id)
    print(f"Deleted {entity.name!r}.")
    return EXIT_OK


def _notes(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.set_notes(catalog.find(args.entity).id, args.notes)
    print(f"Notes of {entity.name!r} saved.")
    return EXIT_OK


def _retype(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.set_type(catalog.find(args.entity).id, args.type)
    print(f"{entity.name!r} is now of type {entity.type}.")
    return EXIT_OK


def _types(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    if args.add:
        print(f"Added the type {catalog.add_type(args.add)!r}.")
    if args.delete:
        catalog.delete_type(args.delete)
        print(f"Deleted the type {args.delete!r}.")
    if not (args.add or args.delete):
        for name in catalog.types():
            print(name)
    return EXIT_OK


def _suggest(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    suggestions = catalog.suggest(args.article_id, args.limit)
    if args.json:
        print_json([asdict(suggestion) for suggestion in suggestions])
        return EXIT_OK
    for suggestion in suggestions:
        print(f"{suggestion.count:>4}  {suggestion.name}  ({suggestion.kind})")
    if not suggestions:
        print("No suggestions.")
    return EXIT_OK


def _accept(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity = catalog.accept(args.name, args.type)
    print(f"Added {_entity_line(entity).strip()}")
    return EXIT_OK


def _dismiss(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    if args.undo:
        catalog.undismiss(args.name)
        print(f"{args.name!r} may be suggested again.")
    else:
        catalog.dismiss(args.name)
        print(f"{args.name!r} will not be suggested again.")
    return EXIT_OK


def _tag(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    entity_id = catalog.find(args.entity).id if args.entity is not None else None
    mention = catalog.tag(
        args.article_id, args.start, args.end, entity_id, args.type, args.case_sensitive
    )
    print(
        f"Tagged {mention.text!r} in article {mention.article_id} as"
        f" {mention.entity_name} ({mention.entity_type}); mention {mention.id}."
    )
    return EXIT_OK


def _mentions(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    if args.article is None and args.entity is None:
        print("archive-reader: give --article or --entity", file=sys.stderr)
        return EXIT_USAGE
    entity_id = catalog.find(args.entity).id if args.entity is not None else None
    mentions = catalog.mentions(args.article, entity_id, include_rejected=args.rejected)
    if args.json:
        print_json([asdict(mention) for mention in mentions])
        return EXIT_OK
    for mention in mentions:
        marks = mention.source + (", rejected" if mention.rejected else "")
        print(
            f"{mention.id:>7}  article {mention.article_id}  {mention.start}-{mention.end}"
            f"  {mention.text!r} -> {mention.entity_name}  ({marks})"
        )
    if not mentions:
        print("No mentions.")
    return EXIT_OK


def _reject(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    if args.undo:
        mention = catalog.restore(args.mention_id)
        print(f"Mention {mention.id} ({mention.text!r} -> {mention.entity_name}) restored.")
    else:
        mention = catalog.reject(args.mention_id)
        print(f"Mention {mention.id} ({mention.text!r} -> {mention.entity_name}) rejected.")
    return EXIT_OK


def _scan(catalog: EntityCatalog, args: argparse.Namespace) -> int:
    found = catalog.scan_articles(args.article_ids or None)
    print(f"{found} mention(s) found.")
    return EXIT_OK


_HANDLERS = {
    "add": _add,
    "alias": _alias,
    "list": _list,
    "show": _show,
    "rename": _rename,
    "merge": _merge,
    "delete": _delete,
    "notes": _notes,
    "retype": _retype,
    "types": _types,
    "suggest": _suggest,
    "accept": _accept,
    "dismiss": _dismiss,
    "tag": _tag,
    "mentions": _mentions,
    "reject": _reject,
    "scan": _scan,
}
