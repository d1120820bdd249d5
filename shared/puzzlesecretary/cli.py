"""`puzzlesecretary`: the operator's command line. Each command is one function in COMMANDS."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from typing import BinaryIO, Callable

import peewee

from . import config
from .board import render_board, render_leaderboards
from .cli_groups import GroupCommandError, cmd_groups, cmd_invite
from .clock import from_ms
from .games import FAIL_RULES, GAMES
from .importer import import_events, read_lines
from .ingest import reparse, score_pending
from .parse import parse
from .sample import sample_lines
from .stats import group_today
from .stats.queries import export_rows
from .store import Group, Identity, Player, Score, migrate, open_database
from .store.database import DatabaseURLError
from .store.migrations import SchemaTooNew
from .text import storable


class CommandError(Exception):
    """A command cannot do what was asked; the message says why."""


def _settings(extra=()):
    return config.load(config.COMMON + tuple(extra))


def _open(readonly: bool = False):
    settings = _settings()
    db = open_database(settings.database_url, readonly=readonly)
    if not readonly:
        migrate(db)
    return settings, db


def _progress(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if not sys.stderr.isatty() and done != total:
            return
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_parse(args) -> int:
    """Read share texts on stdin and print what they hold as JSON."""
    at = dt.datetime.fromisoformat(args.at) if args.at else dt.datetime.now(dt.timezone.utc)
    if not args.jsonl:
        outcome = parse(sys.stdin.read(), at)
        print(
            json.dumps(
                {"results": [r.to_json() for r in outcome.results], "rejections": [r.to_json() for r in outcome.rejections]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for number, line in enumerate(sys.stdin, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            print("[]")
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('expected an object with a "text" string')
            when = at
            if isinstance(obj.get("sent_at"), str):
                when = dt.datetime.fromisoformat(obj["sent_at"])
            outcome = parse(obj["text"], when)
        except (ValueError, json.JSONDecodeError) as error:
            print(f"line {number}: {error}", file=sys.stderr)
            print("[]")
            continue
        print(json.dumps([r.to_json() for r in outcome.results], ensure_ascii=False))
    return 0


def cmd_migrate(args) -> int:
    """Create or upgrade the database schema."""
    settings = _settings()
    db = open_database(settings.database_url)
    ran = migrate(db)
    print(f"{ran} migration(s) applied to {settings.database_url.split('@')[-1]}")
    return 0


def _open_input(name: str) -> BinaryIO:
    """The file to import, as bytes (stdin for "-"), or a CommandError that says why it cannot be read."""
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{name} is a directory, not a file of JSON lines") from None
    except OSError as error:
        raise CommandError(f"cannot read {name}: {error.strerror or error}") from None


def cmd_import(args) -> int:
    """Import chat events (JSON lines, see puzzlesecretary.importer) or the sample chat."""
    settings, db = _open()
    if args.sample:
        lines = (json.dumps(line, ensure_ascii=False) for line in sample_lines(dt.date.today()))
        summary = import_events(lines, "Europe/London")
    else:
        if not args.file:
            raise CommandError("name a file to import (or - for stdin), or use --sample")
        with _open_input(args.file) as handle:
            summary = import_events(read_lines(handle), settings.default_timezone)
    print(
        f"read {summary.lines} lines: {summary.messages} new messages, {summary.duplicates} already stored, "
        f"{summary.edits} edits, {summary.deletes} deletes, {len(summary.bad_lines)} bad lines"
    )
    for bad in summary.bad_lines[:20]:
        print(f"  {bad}", file=sys.stderr)
    return 1 if summary.bad_lines and not summary.messages else 0


def cmd_import_whatsapp(args) -> int:
    """Import a WhatsApp chat export (.txt, or the .zip iOS makes); see docs/whatsapp-ingest.md."""
    from .whatsapp_export import ExportError, parse_export, read_export
    from .whatsapp_import import ImportOptionError, export_group_key, import_export

    settings, db = _open()
    # argv keeps bytes that are not UTF-8 as lone surrogates, which no database stores.
    me, group = (storable(value) if value else value for value in (args.me, args.group))
    try:
        aliases = dict(storable(pair).split("=", 1) for pair in args.alias)
    except ValueError:
        raise CommandError("--alias takes EXPORTED NAME=PLAYER NAME") from None
    try:
        text, file_group = read_export(args.file)
        export = parse_export(text, args.date_order)
        group_id, group_name = export_group_key(export, file_group, group)
        zone = args.timezone or settings.default_timezone
        summary = import_export(export, group_id, group_name, zone, me, aliases, _progress("import"))
    except (ExportError, ImportOptionError) as error:
        raise CommandError(str(error)) from None
    print(
        f"{storable(args.file)}: {export.layout} export, {export.date_order} dates, group {group_name or group_id!r} ({group_id})"
    )
    for line in summary.lines():
        print(line)
    for bad in summary.not_understood[:20]:
        print(f"  {bad}", file=sys.stderr)
    return 0


def cmd_reparse(args) -> int:
    """Re-derive every score from the stored messages (after a parser fix or a new game)."""
    _open()
    pending = score_pending()
    counts = reparse(batch_size=args.batch, progress=_progress("reparse"))
    print(
        f"reparsed {counts['messages']} messages ({pending} were waiting): {counts['scores']} scores, "
        f"{counts['reposts']} reposts not counted, {counts['rejections']} rejected shares"
    )
    return 0


def _find_group(ref: str | None) -> Group:
    groups = list(Group.select().order_by(Group.id))
    if not groups:
        raise CommandError("no groups stored yet: import a chat or start an ingest first")
    if ref is None:
        if len(groups) > 1:
            raise CommandError("several groups are stored; name one with --group (see 'puzzlesecretary groups')")
        return groups[0]
    for g in groups:
        if ref in (g.token, g.platform_id, str(g.id), g.name):
            return g
    raise CommandError(f"no group {ref!r}")


def cmd_board(args) -> int:
    """Print a group's board for today (or --date) and its leaderboards in the terminal."""
    _open(readonly=False)
    group = _find_group(args.group)
    day = dt.date.fromisoformat(args.date) if args.date else group_today(group)
    print(render_board(group, day))
    print(render_leaderboards(group, day))
    return 0


def cmd_recap(args) -> int:
    """Print the recap a group would get (yesterday's, or --day's; --week or --month for that period); nothing is sent."""
    from .recap.read import RecapError, recap
    from .speaker.plans import week_start

    settings = config.load(SETTINGS)
    db = open_database(settings.database_url, readonly=False)
    group = _find_group(args.group)
    try:
        day = dt.date.fromisoformat(args.day) if args.day else None
    except ValueError:
        raise CommandError(f"bad date {args.day!r}: give the day as YYYY-MM-DD") from None
    kind = "week" if args.week else "month" if args.month else "day"
    url = f"{settings.public_base_url}/g/{group.token}"
    try:
        print(recap(db, group, kind, day, dt.datetime.now(dt.timezone.utc), url, week_start(group.id)), end="")
    except RecapError as err:
        raise CommandError(str(err)) from None
    return 0


def cmd_speak(args) -> int:
    """Put due recaps and reminders in the outbox: every SPEAKER_TICK_S until SIGTERM, or one pass (--once)."""
    from .service import Refused
    from .speaker.main import speak

    try:
        return speak(once=args.once)
    except Refused as refused:
        raise CommandError(str(refused).partition(": ")[2]) from None


def cmd_export(args) -> int:
    """Write every stored score as one JSON object per line."""
    _, db = _open()
    for row in export_rows(db):
        print(json.dumps(row, ensure_ascii=False))
    return 0


def cmd_games(args) -> int:
    """List every game PuzzleSecretary reads (or, with --unknown, the games posted that it does not read yet)."""
    if args.unknown:
        return _unknown_games(args.limit)
    for g in GAMES.values():
        direction = "lower" if g.lower_is_better else "higher"
        print(f"{g.slug:<16} {g.name:<28} {g.unit:<9} {direction} is better; failures: {FAIL_RULES[g.fail_rule]}")
    return 0


def _unknown_games(limit: int) -> int:
    from .stats.queries import unread_games

    _, db = _open(readonly=True)
    games = unread_games(db, limit=limit)
    if not games:
        print("every share posted is of a game PuzzleSecretary reads")
        return 0
    for g in games:
        where = f"{g.groups} group{'s' if g.groups != 1 else ''}"
        example = " / ".join(line.strip() for line in g.example.splitlines() if line.strip())[:70]
        last = from_ms(g.last_sent).date().isoformat()
        print(f"{g.name:<24} {g.shares:>5} shares by {g.players} players in {where}, last {last}; e.g. {example!r}")
    return 0


def cmd_link(args) -> int:
    """Merge the second player into the first: one person with several chat identities."""
    settings, db = _open()
    keep = Player.get_or_none(Player.name == args.keep)
    merge = Player.get_or_none(Player.name == args.merge)
    if keep is None or merge is None:
        raise CommandError(f"no player named {args.keep if keep is None else args.merge!r}")
    if keep.id == merge.id:
        raise CommandError("those are the same player")
    with db.atomic():
        Identity.update(player=keep).where(Identity.player == merge).execute()
        from .store import Membership

        for m in Membership.select().where(Membership.player == merge):
            Membership.insert(
                group=m.group_id, player=keep.id, first_seen=m.first_seen, last_seen=m.last_seen
            ).on_conflict_ignore().execute()
        Membership.delete().where(Membership.player == merge).execute()
        Score.update(player=keep).where(Score.player == merge).execute()
    reparse()
    with db.atomic():
        merge.delete_instance()
    print(f"{args.merge} is now part of {args.keep}")
    return 0


PUBLIC_BASE_URL = config.PUBLIC_BASE_URL
# The command's settings (the migrations container runs it too); `migrate` and the rest read only COMMON.
SETTINGS = config.COMMON + (PUBLIC_BASE_URL,)


def _parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="puzzlesecretary",
        description="Daily puzzle scores from group chats. Settings come from the environment:\n"
        + config.describe(config.COMMON),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_text: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text or func.__doc__, description=func.__doc__)
        p.set_defaults(func=func)
        return p

    p = add("parse", cmd_parse)
    p.add_argument("--jsonl", action="store_true", help='read {"text": ...} per line, write a JSON array of results per line')
    p.add_argument("--at", help="when the messages were sent (ISO time); default now. Puzzles after that day are rejected")
    add("migrate", cmd_migrate)
    p = add("import", cmd_import)
    p.add_argument("file", nargs="?", help="a JSON-lines file of chat events, or - for stdin")
    p.add_argument("--sample", action="store_true", help="import the bundled sample chat, ending today")
    p = add("import-whatsapp", cmd_import_whatsapp)
    p.add_argument("file", help="a WhatsApp export: the .txt Android makes or the .zip iOS makes")
    p.add_argument("--group", help="the group's id: the WAHA id ...@g.us joins live messages; default the export's group name")
    p.add_argument("--timezone", help="the exporting phone's time zone (default DEFAULT_TIMEZONE)")
    p.add_argument("--me", help="your own name: the export calls your posts 'You' (or 'Du', ...)")
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="EXPORTED=PLAYER",
        help="map an exported name to a player's name (repeatable)",
    )
    p.add_argument(
        "--date-order",
        default="auto",
        choices=["auto", "DMY", "MDY", "YMD"],
        help="how the export writes dates (default: decided from the file)",
    )
    p = add("reparse", cmd_reparse)
    p.add_argument("--batch", type=int, default=500, help="messages per transaction (default 500)")
    p = add("board", cmd_board)
    p.add_argument("--group", help="a group's token, id, platform id or name (needed when several are stored)")
    p.add_argument("--date", help="the day to show (YYYY-MM-DD); default today in the group's time zone")
    p = add("recap", cmd_recap)
    p.add_argument("group", help="a group's token, id, platform id or name")
    p.add_argument("--day", help="the day to recap, or a day of the week or month (YYYY-MM-DD); default yesterday")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--week", action="store_true", help="the week (from the group's first day, default Monday) holding it")
    period.add_argument("--month", action="store_true", help="the month holding the day")
    p = add("speak", cmd_speak)
    p.add_argument("--once", action="store_true", help="one pass at the clock's now, then exit")
    p = add("groups", cmd_groups)
    state = p.add_mutually_exclusive_group()
    state.add_argument("--disable", metavar="GROUP", help="stop reading and answering a group (its data stays)")
    state.add_argument("--enable", metavar="GROUP", help="read and answer a group again")
    p = add("invite", cmd_invite)
    p.add_argument("--list", action="store_true", help="list the codes not used yet instead of making one")
    p = add("export", cmd_export)
    p.add_argument("--jsonl", action="store_true", default=True, help="one JSON object per line (the only format)")
    p = add("games", cmd_games)
    p.add_argument("--unknown", action="store_true", help="the games posted that no parser reads yet, most posted first")
    p.add_argument("--limit", type=int, default=20, help="with --unknown: how many games to list (default 20)")
    p = add("link", cmd_link)
    p.add_argument("keep", help="the player to keep")
    p.add_argument("merge", help="the player whose identities move to the first")
    return top


# What a command may fail with: said on one line, exit status 2.
FAILURES = (CommandError, GroupCommandError, config.ConfigError, DatabaseURLError, SchemaTooNew, peewee.OperationalError)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except FAILURES as error:
        print(f"puzzlesecretary {args.command}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
