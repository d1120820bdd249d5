"""The web app: one table of routes, the group lookup, the page cache, the error pages.

A GET of a group page is answered by cached.CachedPages before bottle, through the same `current`
bottle's handler uses; bottle answers HEAD, unknown paths and the 404 and 500 pages.

`make_app(db)` returns the WSGI callable the server runs and the tests call. The database is
opened read-only by the caller; each page reads one group's rows through indexes, and a
rendered page is kept under (path, group's today) with the group revision and member count it
was rendered at, so a repeat view costs one indexed lookup of the group. After a change to the
group, a page is rendered again only if the change touched its own pieces (pieces.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Callable

import bottle
import peewee

from puzzlesecretary.clock import now_ms
from puzzlesecretary.health import database_problem, health_app
from puzzlesecretary.stats import group_by_token, group_today
from puzzlesecretary.stats.queries import one_view, player_export_by_token, remember_games
from puzzlesecretary.store import bind

from . import board_html, cached, deflate, kept, pages, pieces, player_page, puzzle_html, templates, versus_page
from .cache import PageCache, Rendered, digest
from .guard import Metrics, guard
from .settings import WEB_CACHE_MB

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

# A token is what ingest.new_token makes (URL-safe base64); anything else cannot name a group.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")

WEB_SQLITE_CACHE_KIB = 512
CACHE_BYTES = int(WEB_CACHE_MB.default) << 20  # what make_app keeps when not told (tests, benchmarks)

# Every group page: (URL rule after /g/<token>, page function, defaults for missing parts).
ROUTES: tuple[tuple[str, Callable, dict], ...] = (
    ("", pages.board, {}),
    ("/leaderboard/<slug>", pages.leaderboard, {"period": "month"}),
    ("/leaderboard/<slug>/<period>", pages.leaderboard, {}),
    ("/champion/<period>", pages.champion, {}),
    ("/vs/<a>/<b>", versus_page.versus, {}),
    ("/p/<pid>", player_page.player, {}),
    ("/puzzle/<slug>/<key>", pages.puzzle, {}),
    ("/not-counted", pages.not_counted, {}),
)


def _version() -> str:
    """Changes when a template or the stylesheet changes, so old ETags stop matching after an upgrade."""
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*")):
        if path.suffix in (".tpl", ".css", ".py", ".svg"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class GroupLookup:
    """Token -> GroupRow with one indexed query (stats.queries.group_by_token); the hot path of every page.

    The member count moves only with the group's shape (store/group_shape.py: a membership comes or goes), so it is
    kept per group (by its token) under the shape it was counted with, from a row that read both in one statement (a
    count read after the shape could be newer than it); while the shape holds, the lookup reads the group's row without
    counting, and a group seen for the first time is read once, counted."""

    KEPT = 8192  # groups whose member count is kept (a few dozen bytes each); past it, all forgotten at once

    def __init__(self, db: peewee.Database) -> None:
        self.db = db
        self._members: dict[str, tuple[int | None, int]] = {}  # token -> (shape, member count)

    def __call__(self, token: str) -> pages.GroupRow | None:
        if not _TOKEN.fullmatch(token):
            return None
        # Group.revision moves with every score; a new member (a first chat message) does not
        # move it, so the member count is part of the row (and of the page's key).
        kept = self._members.get(token)
        row = group_by_token(self.db, token, members=kept is None)
        if row is not None and kept is not None and kept[0] != row[7]:
            row = group_by_token(self.db, token)  # the shape moved since the count was kept: counted again
            kept = None
        if row is None:
            return None
        gid, tok, name, platform_id, timezone, revision, members, shape = row
        if kept is not None:
            members = kept[1]
        else:
            if len(self._members) >= self.KEPT:
                self._members.clear()
            self._members[token] = (shape, members)
        return pages.GroupRow(gid, tok, name or platform_id, timezone, revision, members, shape or 0)


def render(template: str, context: dict, group: pages.GroupRow | None = None, db: peewee.Database | None = None) -> str:
    if group is not None:
        if template == "board":  # written out in Python (board_html.py)
            return board_html.board(context, group, pages.first_game(db, group.id))
        if template == "puzzle":  # and puzzle_html.page
            return puzzle_html.page(context, group, pages.first_game(db, group.id))
        context = {"first_game": pages.first_game(db, group.id)} | context
    return templates.render(template, group=group, h=pages.HELPERS, **context)


# The app factory: every route is a closure over this app's database, cache and metrics, so mccabe counts them as one.
def make_app(db: peewee.Database, *, clock: Callable[[], int] = now_ms, cache_bytes: int = CACHE_BYTES) -> Callable:  # noqa: C901
    """The WSGI app over an open (read-only) database."""
    # The queries take `db`; the few built with the models need them bound to it too.
    bind(db)
    remember_games(db)  # the games each group plays, kept by its revision (stats/queries/played.py)
    if isinstance(db, peewee.SqliteDatabase):
        # Each server thread holds its own connection; the kernel's page cache is shared by all
        # of them, so a small private cache each keeps the web's memory down (8 MiB -> 2 MiB ->
        # 512 KiB: a player's page of a year filled 1.8 MiB of it, in each of the four threads;
        # docs/performance.md, "The web's RSS on a large group").
        try:
            db.pragma("cache_size", -WEB_SQLITE_CACHE_KIB, permanent=True)  # kept for every later connection
        except peewee.OperationalError as error:  # unreachable now: /healthz will say so
            log.warning("database not reachable at start: %s", error)
    app = bottle.Bottle(catchall=True)
    lookup = GroupLookup(db)
    cache = PageCache(kept.share_out(cache_bytes))
    plain = cached.PlainBodies()
    metrics = Metrics()
    version = _version()
    bottle.BaseRequest.MEMFILE_MAX = 4096  # we accept no bodies at all

    counted = {result: metrics.cache.labels(result).inc for result in ("hit", "unchanged", "miss")}

    def current(route: cached.Route, group: pages.GroupRow, today, parts: dict, key: tuple, page: Rendered | None) -> Rendered:
        """The page now: the cached one if current, else made again (pieces.py) and kept; pages.NotFound for none."""
        if page is not None and (page.revision, page.members) == (group.revision, group.members):
            counted["hit"]()
            return page
        # The members' names and the group's games read once for the page, by the revision looked up.
        with one_view(db, group.id, group.revision, group.shape):
            page = fresh(route, group, today, route.defaults | parts, page)
        cache.put(key, cached.kept_form(page))
        return page

    def group_page(route: cached.Route) -> Callable:
        def handler(token: str, **parts: str):
            # cached.CachedPages looked the group up already (and the page, if cached) for a plain ASCII GET.
            seen = bottle.request.environ.get(cached.GROUP_KEY)
            if seen is not None and seen[0] == token:
                _, group, page = seen
            else:
                seen, group = None, lookup(token)
            if group is None:
                bottle.abort(404)
            today = group_today(group, clock())
            base = cached.etag_base(version, group, today)
            gzipped = cached.accepts_gzip(bottle.request.get_header("Accept-Encoding", ""))
            if cached.not_modified(bottle.request.get_header("If-None-Match", ""), base):
                return bottle.HTTPResponse(status=304, headers=cached.page_headers(base, gzipped))
            key = (bottle.request.path, today)
            if seen is None:
                page = cache.get(key)
            try:
                page = current(route, group, today, parts, key, page)
            except pages.NotFound:
                bottle.abort(404)
            headers, body = cached.page_answer(page, base, gzipped, plain)
            for name, value in headers:
                bottle.response.set_header(name, value)
            return body

        return handler

    def fresh(route: cached.Route, group: pages.GroupRow, today, args: dict, cached_page: Rendered | None) -> Rendered:
        """The page for the group now: the cached one if its pieces did not change (pieces.py), else rendered again."""
        made_of = digest(pieces.fingerprint(route.func, db, group, today, args, shaped=True))
        if cached_page is not None and made_of is not None and cached_page.pieces == made_of:
            counted["unchanged"]()
            old = cached_page  # (not _replace: Rendered's __len__ is its size in bytes, which _make would check)
            return Rendered(group.revision, group.members, old.pieces, old.body, old.gzipped, old.route)
        counted["miss"]()
        template, context = route.func(db, group, today, **args)  # pages.NotFound for a part that names nothing
        # Gzipped from the pieces' deflate kept with them, the rest compressed now (deflate.py).
        body, gzipped = deflate.gzip_page(render(template, context, group, db), deflate.kept_in(context))
        return Rendered(group.revision, group.members, made_of, body, gzipped, route.rule)

    table = cached.RouteTable(ROUTES)
    for route in table.routes:
        app.route(route.rule, "GET", group_page(route), name=route.name)

    @app.get("/")
    def home():
        # There is no list of groups anywhere: the only way in is a board's link.
        bottle.response.content_type = "text/html; charset=utf-8"
        return render("home", {"title": "PuzzleSecretary"})

    @app.get("/static/<name:re:[a-z0-9-]+\\.(?:css|svg)>")
    def static(name: str):
        response = bottle.static_file(name, root=str(STATIC))
        if response.status_code == 200:
            response.set_header("Cache-Control", "public, max-age=86400")
        return response

    @app.get("/export/<token:re:[A-Za-z0-9_-]{20,64}>")
    def export(token: str):
        # `!ps export`'s private link: one player's data, for 24 hours; never cached.
        bottle.response.set_header("Cache-Control", "no-store")
        data = player_export_by_token(db, token, clock())
        if data is None:
            bottle.abort(404)
        bottle.response.content_type = "application/json; charset=utf-8"
        bottle.response.set_header("Content-Disposition", 'attachment; filename="puzzlesecretary-export.json"')
        return json.dumps(data, ensure_ascii=False, indent=1)

    @app.error(404)
    def not_found(error):
        bottle.response.content_type = "text/html; charset=utf-8"
        return render("error", {"title": "Not found", "code": 404, "message": "There is no page at this address."})

    @app.error(500)
    def server_error(error):
        log.error("error serving %s: %s", bottle.request.path, error.exception, exc_info=error.exception)
        bottle.response.content_type = "text/html; charset=utf-8"
        return render(
            "error", {"title": "Something went wrong", "code": 500, "message": "This page failed. Try again in a moment."}
        )

    def ready():
        problem = database_problem(db)
        return (False, problem) if problem is not None else (True, "ok")

    # A GET of a group page is answered before bottle (cached.py): a repeat view from the cache, a stale or first view
    # made by `current` through the route table; the rest (HEAD, errors, unknown paths) by bottle.
    front = cached.CachedPages(health_app(ready, metrics.registry, inner=app), lookup, cache, version, clock, counted["hit"],
                               plain, table, current)  # fmt: skip
    wsgi = guard(front, metrics)
    wsgi.bottle = app  # for tests and the benchmark
    wsgi.cache = cache
    wsgi.metrics = metrics
    return wsgi
