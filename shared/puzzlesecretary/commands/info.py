"""The commands that read: board, me, today, vs, why, games. Each takes the context and its
argument and returns the reply's text; the numbers come from `stats`, the same as the pages."""

from __future__ import annotations

import datetime as dt

from .. import stats
from ..chatsettings import hidden_players
from ..clock import from_ms
from ..games import GAMES, game_order
from ..speaker.plans import player_today
from ..stats import queries
from ..stats.today import day_results, group_today
from .context import Answer, Context

MAX_REPLY_CHARS = 1500


def _fit(lines: list[str], limit: int = MAX_REPLY_CHARS) -> str:
    """Lines joined, cut before `limit` characters with a note of how many were left out."""
    out: list[str] = []
    size = 0
    for n, line in enumerate(lines):
        if size + len(line) + 1 > limit:
            out.append(f"…and {len(lines) - n} more")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _names(ctx: Context, group) -> dict[int, str]:
    hidden = hidden_players(ctx.db, group.id)
    return {pid: name for pid, name in stats.member_names(ctx.db, group.id).items() if pid not in hidden}


def board(ctx: Context, argument: str) -> str:
    if ctx.group is None and len(ctx.groups) > 1:
        return "\n".join(f"{g.name or 'a group'}: {ctx.board_url(g)}" for g in ctx.groups)
    group = ctx.one_group()
    return f"{group.name or 'This group'}'s board: {ctx.board_url(group)}"


def me(ctx: Context, argument: str) -> str:
    group = ctx.one_group()
    player = ctx.me()
    today = group_today(group, ctx.now_ms)
    month_start = today.replace(day=1)
    mine = stats.plays(ctx.db, group.id, player_id=player.id)
    if not mine:
        raise Answer(f"No results from you in {group.name or 'this group'} yet.")
    lines = [f"{player.name} in {group.name or 'this group'}, {today:%B}:"]
    by_game: dict[str, list] = {}
    for play in mine:
        by_game.setdefault(play.game, []).append(play)
    for slug in sorted(by_game, key=game_order):
        game = GAMES.get(slug)
        if game is None:
            continue
        rows = by_game[slug]
        month = [p for p in rows if p.date is not None and p.date >= month_start]
        bests = stats.personal_bests(game, rows, today)
        month_bests = stats.personal_bests(game, month, today) if month else None
        mean = game.format_mean(month_bests.mean) if month_bests else "-"
        lines.append(f"{game.name}: {len(month)} played, mean {mean}, streak {bests.current_streak} (best {bests.best_streak})")
    lines.append(f"{ctx.board_url(group)}/p/{player.id}")
    return _fit(lines)


def today(ctx: Context, argument: str) -> str:
    group = ctx.one_group()
    # The asker's own day when they set their own zone (`set my timezone`), else the group's.
    day = player_today(ctx.db, ctx.player.id, group, from_ms(ctx.now_ms)) if ctx.player else group_today(group, ctx.now_ms)
    names = _names(ctx, group)
    results = day_results(ctx.db, group, day)
    played: set[int] = set()
    lines = [f"Today ({day:%-d %b}) in {group.name or 'this group'}:"]
    for slug in sorted(results, key=game_order):
        game = GAMES.get(slug)
        entries = [e for e in results[slug] if e.player_id in names]
        if game is None or not entries:
            continue
        played.update(e.player_id for e in entries)
        shown = ", ".join(f"{names[e.player_id]} {game.format_score(e.score, e.solved)}" for e in entries)
        lines.append(f"{game.name}: {shown}")
    if not played:
        lines.append("No one has played yet.")
    waiting = [name for pid, name in names.items() if pid not in played]
    if waiting:
        lines.append("Not yet: " + ", ".join(waiting))
    return _fit(lines)


def _match(names: dict[int, str], typed: str, me: int | None) -> list[int]:
    """Players whose name is `typed` (any case), else starts with it, else holds it; never the asker."""
    wanted = typed.strip().lstrip("@").casefold()
    others = {pid: name for pid, name in names.items() if pid != me}
    for test in (lambda n: n == wanted, lambda n: n.startswith(wanted), lambda n: wanted in n):
        found = [pid for pid, name in others.items() if test(name.casefold())]
        if found:
            return found
    return []


def vs(ctx: Context, argument: str) -> str:
    if not argument.strip():
        raise Answer("Who against? Send `!ps vs NAME`, e.g. `!ps vs Anna`.")
    group = ctx.one_group()
    player = ctx.me()
    names = _names(ctx, group)
    found = _match(names, argument, player.id)
    if not found:
        raise Answer(f"No one called {argument.strip()[:40]!r} plays in {group.name or 'this group'}.")
    if len(found) > 1:
        listed = ", ".join(names[pid] for pid in found[:10])
        raise Answer(f"Which one: {listed}? Send `!ps vs` with more of the name.")
    other = found[0]
    duels = stats.head_to_head(stats.plays(ctx.db, group.id, player_id=player.id), stats.plays(ctx.db, group.id, player_id=other))
    link = f"{ctx.board_url(group)}/vs/{player.id}/{other}"
    if not duels:
        return f"You and {names[other]} have not played the same puzzle yet. {link}"
    lines = [f"{player.name} vs {names[other]} (wins-losses-ties):"]
    for duel in sorted(duels, key=lambda d: game_order(d.game)):
        game = GAMES.get(duel.game)
        lines.append(f"{game.name if game else duel.game}: {duel.wins}-{duel.losses}-{duel.ties}")
    lines.append(link)
    return _fit(lines)


def why(ctx: Context, argument: str) -> str:
    group = ctx.one_group()
    player = ctx.me()
    rejected = queries.last_rejection(ctx.db, group.id, player.id)
    counted_at = queries.last_share_at(ctx.db, group.id, player.id)
    if rejected is None or (counted_at is not None and counted_at > rejected[3]):
        return "Your last share counted." if counted_at is not None else "I have no share from you here yet."
    game, puzzle, reason, sent = rejected
    name = GAMES[game].name if game in GAMES else game
    number = f" {puzzle}" if puzzle is not None else ""
    when = dt.datetime.fromtimestamp(sent / 1000, dt.timezone.utc).strftime("%-d %b %H:%M UTC")
    return f"Your {name}{number} of {when} did not count: {reason}"


def games(ctx: Context, argument: str) -> str:
    names = sorted((g.name for g in GAMES.values()), key=str.casefold)
    head, shown = f"I read {len(names)} games: ", []
    for name in names:
        if len(head) + sum(len(n) + 2 for n in shown) + len(name) > 1800:
            return head + ", ".join(shown) + f" and {len(names) - len(shown)} more."
        shown.append(name)
    return head + ", ".join(shown) + "."
