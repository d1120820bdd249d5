"""Server CPU per page kind, first view and repeat view (`python -m bench.pages CONFIG`).

The web's own WSGI app (puzzlesecretary_web.app.make_app) over a read-only connection, called
in-process: no socket, so the figure is the server's work for one page. A first view is the
first request to a freshly made app (its page cache empty, and the month sums and board sections
the page functions keep across apps forgotten); a repeat view asks again for a
page the app has cached. A view *after another's share* comes right after a share of another
game by a third player of the group was stored through the ingest path: the group's revision has
moved, so before the page pieces (containers/web/puzzlesecretary_web/pieces.py) it was a first
view; now only the board, which shows every share of today, is rendered again. A view *after a
share it shows* comes right after a share that really changes that page was stored (`SHOWN`):
today's for the board, of the page's game this month for the leaderboard, by one of the two for
the head-to-head, by the player for the player page, of the puzzle for the puzzle page; each a
(player, game, puzzle) not posted before, so it counts. The pages are the measured group's: 50
players and a year.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from .isolate import without_postgres_driver


def page_paths(token: str, players: list[int], slug: str, key: str) -> dict[str, str]:
    """The five page kinds docs/performance.md measures, as URLs of one group."""
    base = f"/g/{token}"
    return {
        "board": base,
        "leaderboard": f"{base}/leaderboard/{slug}",
        "head-to-head": f"{base}/vs/{players[0]}/{players[1]}",
        "player": f"{base}/p/{players[0]}",
        "puzzle": f"{base}/puzzle/{slug}/{key}",
    }


def call(app, path: str) -> tuple[str, bytes]:
    """One GET through the WSGI callable; the status line and the body."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": None,
        "wsgi.errors": sys.stderr,
        "HTTP_HOST": "127.0.0.1",
    }
    status: list[str] = []
    body = b"".join(app(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body


def timed(app, path: str) -> float:
    """CPU milliseconds for one request; a page that is not a 200 is an error, not a figure."""
    start = time.process_time()
    status, body = call(app, path)
    spent = (time.process_time() - start) * 1000
    if not status.startswith("200") or not body:
        raise RuntimeError(f"{path} answered {status}")
    return spent


def measured_group():
    """The 50-player group's token, two of its players, the game of its latest share, that puzzle's key and day."""
    from puzzlesecretary.store import Group, Membership, Score

    from .population import MEASURED_GROUP

    group = Group.get(Group.platform_id == MEASURED_GROUP)
    players = [
        m.player_id
        for m in Membership.select(Membership.player).where(Membership.group == group.id).order_by(Membership.player).limit(2)
    ]
    latest = (
        Score.select(Score.game, Score.puzzle_key, Score.date)
        .where(Score.group == group.id, Score.counted)
        .order_by(Score.sent_at.desc())
        .first()
    )
    return group.token, players, latest.game, latest.puzzle_key, latest.date


def third_player(players: list[int]) -> str:
    """The platform id of a member of the measured group who is not one of the two the pages show."""
    from puzzlesecretary.store import Group, Identity, Membership

    from .population import MEASURED_GROUP

    group = Group.get(Group.platform_id == MEASURED_GROUP)
    member = (
        Membership.select(Membership.player)
        .where(Membership.group == group.id, Membership.player.not_in(players))
        .order_by(Membership.player.desc())
        .first()
    )
    return Identity.get(Identity.player == member.player_id).platform_id


def another_share(writer, readonly, sender: str, slug: str, n: int) -> None:
    """Store one share of a game other than `slug`, dated today, by `sender`, through the ingest path."""
    import datetime as dt

    from puzzlesecretary.games import GAMES
    from puzzlesecretary.sample import MAKERS

    game = next(g for g in MAKERS if g != slug and g in GAMES and GAMES[g].calendar)
    store_share(writer, readonly, sender, game, dt.datetime.now(dt.timezone.utc).date(), f"after-{n}")


def store_share(writer, readonly, sender: str, game: str, day, tag: str) -> None:
    """Store one share of `game`'s puzzle of `day` by `sender`, sent now, through the ingest path."""
    import datetime as dt
    import random

    from puzzlesecretary.games import GAMES
    from puzzlesecretary.ingest import Incoming, ingest
    from puzzlesecretary.sample import MAKERS
    from puzzlesecretary.store import bind

    from .population import MEASURED_GROUP, PLATFORM

    now = dt.datetime.now(dt.timezone.utc)
    text = MAKERS[game](random.Random(tag), GAMES[game].calendar.puzzle_on(day), day)
    item = Incoming(platform=PLATFORM, message_id=f"bench-{tag}-{now.timestamp()}", group_id=MEASURED_GROUP,
                    sender_id=sender, sender_name=None, sent_at=now, text=text, raw=None)
    bind(writer)
    try:
        ingest([item])
    finally:
        bind(readonly)


def unposted(senders: list[int], games: list[str], days: list) -> tuple[int, str, object]:
    """The first (player, game, day) of these that the measured group has no score of: a share of it counts."""
    from puzzlesecretary.store import Group, Score

    from .population import MEASURED_GROUP

    group = Group.get(Group.platform_id == MEASURED_GROUP)
    for day in days:
        for game in games:
            posted = {s.player_id for s in Score.select(Score.player).where(Score.group == group.id, Score.game == game,
                                                                               Score.date == day)}  # fmt: skip
            for pid in senders:
                if pid not in posted:
                    return pid, game, day
    raise RuntimeError("every player of the measured group posted every puzzle the benchmark could share")


def shown_share(writer, readonly, kind: str, players: list[int], slug: str, on, n: int) -> None:
    """Store one share that changes the page of `kind` (SHOWN), through the ingest path.

    `players` are the two the pages show, `slug` and `on` the game and day of the leaderboard and puzzle pages."""
    import datetime as dt

    from puzzlesecretary.store import Group, Identity, Membership

    from .population import MEASURED_GROUP, playable_games

    group = Group.get(Group.platform_id == MEASURED_GROUP)
    today = today_of(group)
    members = [m.player_id for m in Membership.select(Membership.player).where(Membership.group == group.id)
               .order_by(Membership.player.desc())]  # fmt: skip
    third = [pid for pid in members if pid not in players]
    # The puzzle page's own puzzle last: the board's and the leaderboard's shares leave it to the puzzle page's.
    games = sorted(playable_games(), key=lambda g: g == slug)
    back = [today - dt.timedelta(days=i) for i in range(400)]
    month = sorted((d for d in back if d.month == today.month and d.year == today.year), key=lambda d: d == on)
    senders, kinds, days = {
        "board": (third, games, [today]),
        "leaderboard": (third, [slug], month),
        "head-to-head": ([players[n % 2], players[(n + 1) % 2]], games, back),
        "player": (players[:1], games, back),
        "puzzle": (third, [slug], [on]),
    }[kind]
    pid, game, day = unposted(senders, kinds, days)
    sender = Identity.get(Identity.player == pid).platform_id
    store_share(writer, readonly, sender, game, day, f"shown-{kind}-{n}")


def today_of(group):
    """The group's today in its time zone."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(group.timezone)).date()


def cold() -> None:
    """Forget what the page functions keep across apps (a month's sums, a puzzle's long run, a game's board
    section, a player's page's and a head-to-head's pieces, the games a group plays), as a freshly started
    process would: a first view pays for all of it."""
    from puzzlesecretary.stats.queries import forget_games
    from puzzlesecretary_web import pages, player_page, sections, versus_page

    pages.MONTHS.clear()
    pages.LONG_RUNS.clear()
    sections.SECTIONS.clear()
    player_page.PIECES.clear()
    versus_page.BLOCKS.clear()
    forget_games()


def run(config: dict) -> dict:
    from puzzlesecretary.store import open_database
    from puzzlesecretary_web.app import make_app

    db = open_database(config["url"], readonly=True)
    token, players, slug, key, on = measured_group()
    writer = open_database(config["url"], bind=False)
    sender = third_player(players)
    shares = 0
    samples = config.get("samples", 5)
    repeats = config.get("repeats", 200)
    out = {}
    for kind, path in page_paths(token, players, slug, key).items():
        first = []
        for _ in range(samples):
            cold()
            app = make_app(db)
            first.append(timed(app, path))
        repeat = [timed(app, path) for _ in range(repeats)]
        after = []
        for _ in range(samples):
            shares += 1
            another_share(writer, db, sender, slug, shares)
            after.append(timed(app, path))
        shown = []
        for _ in range(samples):
            shares += 1
            shown_share(writer, db, kind, players, slug, on, shares)
            shown.append(timed(app, path))
        out[kind] = {
            "path": path.replace(token, "<token>"),
            "first_cpu_ms": statistics.median(first),
            "first_cpu_ms_max": max(first),
            "repeat_cpu_ms": statistics.median(repeat),
            "after_share_cpu_ms": statistics.median(after),
            "after_shown_share_cpu_ms": statistics.median(shown),
            "after_shown_share_cpu_ms_max": max(shown),
        }
    writer.close()
    return out


def main(argv: list[str]) -> int:
    config = json.loads(argv[0])
    if config["url"].startswith("sqlite"):
        without_postgres_driver()
    print(json.dumps(run(config)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
