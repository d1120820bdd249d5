"""A group page answered before bottle: one group lookup, then the stored bytes or the page made again.

A cached page's answer needs only the group's row (its revision, member count and time zone):
the ETag, the cache key and the check that the page is current all come from it. Routing,
bottle's request and response objects and its header handling cost the server more than that
lookup did (docs/web.md, "Cost per page, and the cache"), so `CachedPages` sits in front of the
bottle app and answers a GET of a group page itself: a repeat view from the cache, and a first
or stale view through `RouteTable` (the group pages' rules, matched as bottle matches them) and
the app's `current`, which makes the page again or keeps it when its pieces did not change.
Anything else (HEAD, an unknown token or path, a page that is not found or fails, any other
path) goes on to bottle, which renders, caches and answers through the same `current` and
`page_answer`, so every path sends the same headers.

A page is gzipped once when rendered (level 3: the benchmark's 41 KB board becomes 4.2 KB in
0.05 ms, where level 6 made 3.6 KB in 0.15 ms, once per rendering) and kept in that form only;
a client that accepts gzip (every browser, and the tunnel) gets those bytes, any other the page
inflated again, the last few of those kept too (`PlainBodies`).
"""

from __future__ import annotations

import gzip
from typing import Callable, Iterable, NamedTuple

from puzzlesecretary.stats import group_today

from .cache import PageCache, Rendered
from .guard import ROUTE_KEY

HTML = "text/html; charset=utf-8"
CACHE_CONTROL = "private, no-cache"
# The same page in two codings is two representations: each gets its own ETag (RFC 9110, 8.8.3),
# and either one revalidates.
GZIP_SUFFIX = "-gz"
PREFIX = "/g/<token>"  # every group page's rule starts so
# Set on the environ when the fast path looked the group up and passed the request on: the page
# handler uses it instead of asking the database again. No HTTP header can make this key (theirs
# start with HTTP_).
GROUP_KEY = "puzzlesecretary.group"


def compress(body: bytes) -> bytes:
    """The gzip form of a page, the same bytes every time (no timestamp)."""
    return gzip.compress(body, compresslevel=3, mtime=0)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (RFC 9110, 12.5.3): listed or by `*`, and not with q=0."""
    star = False
    for item in accept_encoding.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if coding in ("gzip", "x-gzip"):
            return quality > 0
        if coding == "*":
            star = quality > 0
    return star


def etag_base(version: str, group, today) -> str:
    """What a group page's ETag is made of: the code's version, the group's revision and members, its today."""
    return f"{version}-{group.revision}-{group.members}-{today.isoformat()}"


def not_modified(if_none_match: str, base: str) -> bool:
    """Whether If-None-Match names this page in either coding."""
    return f'"{base}"' in if_none_match or f'"{base}{GZIP_SUFFIX}"' in if_none_match


def page_headers(base: str, gzipped: bool) -> list[tuple[str, str]]:
    """The headers a group page and its 304 carry (the guard adds the security headers)."""
    etag = f'"{base}{GZIP_SUFFIX}"' if gzipped else f'"{base}"'
    return [("Cache-Control", CACHE_CONTROL), ("ETag", etag), ("Vary", "Accept-Encoding")]


# The plain pages kept for clients that do not ask for gzip (curl, wrk, monitors): a few boards.
PLAIN_BYTES = 256 << 10


class PlainBodies:
    """The plain form of pages kept gzipped only: inflated on a plain client's first view, the last few
    (`limit` bytes) kept under the gzipped bytes themselves (a bytes object computes its hash once)."""

    def __init__(self, limit: int = PLAIN_BYTES) -> None:
        self._kept = PageCache(limit)

    def of(self, page: Rendered) -> bytes:
        if page.body or not page.gzipped:
            return page.body
        body = self._kept.get(page.gzipped)
        if body is None:
            body = gzip.decompress(page.gzipped)
            self._kept.put(page.gzipped, body)
        return body


def kept_form(page: Rendered) -> Rendered:
    """What the page cache keeps of a rendered page: its gzipped bytes only, when it has them."""
    if not page.gzipped:
        return page
    return Rendered(page.revision, page.members, page.pieces, b"", page.gzipped, page.route)


def page_answer(page: Rendered, base: str, gzip_ok: bool, plain: PlainBodies) -> tuple[list[tuple[str, str]], bytes]:
    """A 200's headers and body for a rendered page: gzipped when the client accepts it and the page has that form."""
    gzipped = gzip_ok and bool(page.gzipped)
    body = page.gzipped if gzipped else plain.of(page)
    headers = page_headers(base, gzipped) + [("Content-Type", HTML), ("Content-Length", str(len(body)))]
    if gzipped:
        headers.append(("Content-Encoding", "gzip"))
    return headers, body


class Route(NamedTuple):
    """A group page's route: its page function, the defaults of missing parts, its bottle rule and name."""

    func: Callable
    defaults: dict
    rule: str  # the whole rule, "/g/<token>/p/<pid>": the metrics' label
    name: str
    parts: tuple[str, ...]  # the rule's parts after the token: a literal, or "<name>" (a wildcard)


def _parts(rule: str) -> tuple[str, ...]:
    parts = tuple(rule.split("/")[1:])
    if any(part.startswith("<") and (":" in part or not part.endswith(">")) for part in parts):
        raise ValueError(f"only plain <name> wildcards are matched without bottle, not {rule!r}")
    return parts


class RouteTable:
    """The group pages' routes, matched without bottle: a path's parts after the token as bottle matches its rules
    (a `<name>` wildcard is one part, not empty: `[^/]+`); a path none matches is left to bottle (its 404)."""

    def __init__(self, routes: Iterable[tuple[str, Callable, dict]]) -> None:
        self.routes = [Route(func, defaults, PREFIX + rule, func.__name__ + rule, _parts(rule))
                       for rule, func, defaults in routes]  # fmt: skip
        self._by_length: dict[int, list[Route]] = {}
        for route in self.routes:
            self._by_length.setdefault(len(route.parts), []).append(route)

    def match(self, rest: list[str]) -> tuple[Route, dict[str, str]] | None:
        """The route of a path's parts after its token (`/g/<token>/p/7` -> ["p", "7"]) and its wildcards' values."""
        for route in self._by_length.get(len(rest), ()):
            found = {}
            for want, got in zip(route.parts, rest, strict=True):
                if want[:1] == "<" and got:
                    found[want[1:-1]] = got
                elif want != got:
                    break
            else:
                return route, found
        return None


class CachedPages:
    """WSGI: a GET of a group page answered here, from the cache when current, else made by `current` (the app's:
    rendered again, or the cached page kept when its pieces did not change); everything else to `inner` (bottle)."""

    def __init__(self, inner: Callable, lookup: Callable, cache: PageCache, version: str, clock: Callable[[], int],
                 on_hit: Callable[[], None], plain: PlainBodies, table: RouteTable | None = None,
                 current: Callable | None = None) -> None:  # fmt: skip
        self.inner = inner
        self.plain = plain
        self.lookup = lookup
        self.cache = cache
        self.version = version
        self.clock = clock
        self.on_hit = on_hit
        self.table = table
        self.current = current

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        # An ASCII path is the very key bottle caches the page under (bottle.request.path): any
        # other is left to bottle, which decodes it.
        if environ.get("REQUEST_METHOD") != "GET" or not path.startswith("/g/") or not path.isascii():
            return self.inner(environ, start_response)
        token, *rest = path[3:].split("/")
        group = self.lookup(token)
        if group is None:
            return self.inner(environ, start_response)
        today = group_today(group, self.clock())
        page = self.cache.get((path, today))
        matched = None
        if page is None or (page.revision, page.members) != (group.revision, group.members):
            matched = self.table.match(rest) if self.table is not None else None
            if matched is None:
                environ[GROUP_KEY] = (token, group, page)
                return self.inner(environ, start_response)
        base = etag_base(self.version, group, today)
        gzip_ok = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        route = page.route if matched is None else matched[0].rule
        if not_modified(environ.get("HTTP_IF_NONE_MATCH", ""), base):
            # The ETag names the group's revision and members and its today: the browser's copy is current.
            environ[ROUTE_KEY] = route
            start_response("304 Not Modified", page_headers(base, gzip_ok))
            return []
        if matched is None:
            self.on_hit()
        else:
            try:
                page = self.current(matched[0], group, today, matched[1], (path, today), page)
            except Exception:  # pages.NotFound, or a failure: bottle answers it again, with its 404 or 500 page
                environ[GROUP_KEY] = (token, group, page)
                return self.inner(environ, start_response)
        environ[ROUTE_KEY] = route
        headers, body = page_answer(page, base, gzip_ok, self.plain)
        start_response("200 OK", headers)
        return [body]
