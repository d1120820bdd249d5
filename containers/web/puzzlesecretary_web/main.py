"""`puzzlesecretary-web`: serve the boards with waitress over a read-only database.

waitress was chosen by measurement (docs/web.md: waitress, cheroot and gunicorn gthread, wrk
pinned with taskset on 127.0.0.1). `--demo` prints each group's board URL on a line of its own
before serving: `make run` uses it after importing the sample chat.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import logging
import sys

from puzzlesecretary import service
from puzzlesecretary.serving import StopSignal, serve_until_stopped
from puzzlesecretary.store import Group, open_database

from . import no_tls
from .settings import SETTINGS, load

# The app and the server (bottle, prometheus_client, waitress) are imported after no_tls.hide().

PROG = "puzzlesecretary-web"
log = logging.getLogger("puzzlesecretary_web")


def board_urls(host: str, port: int) -> list[str]:
    """Each group's board URL as this server serves it."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    base = f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"
    return [f"{base}/g/{g.token}" for g in Group.select(Group.token).order_by(Group.id)]


def settle_heap() -> None:
    """Move everything made at start (modules, templates, the app) out of the garbage collector's sight.

    Under load a full collection walked all of it, about 30,000 objects, and stopped every thread
    for 50 to 86 ms: each time, the 32 requests in flight waited that long, which made the board's
    p99. Frozen, a full collection sees only what requests left behind, and took under 2 ms
    (docs/web.md, "The tail"). Nothing made at start is garbage, so nothing is lost.
    """
    gc.collect()
    gc.freeze()


# glibc's mallopt parameter for the number of malloc arenas (malloc.h).
M_ARENA_MAX = -8


def one_malloc_arena() -> bool:
    """Have every thread allocate from glibc's main arena, as MALLOC_ARENA_MAX=1 would; False when not glibc.

    By default each waitress thread got an arena of its own, and the memory a page's render freed
    stayed in that thread's arena: four threads held four renders' worth (on the benchmark's
    50-player year, 44.3 MiB peak RSS against 40.0 with one arena, docs/performance.md). The
    threads take turns at the GIL anyway. Called before the server starts its threads.
    """
    try:
        return ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1) == 1
    except (AttributeError, OSError):  # another C library: it keeps its own ways
        return False


def wsgi():
    """The app from the environment's settings, for any WSGI server (`gunicorn 'puzzlesecretary_web.main:wsgi()'`)."""
    no_tls.hide()
    from .app import make_app

    settings = load()
    app = make_app(open_database(settings.database_url, readonly=True), cache_bytes=settings.web_cache_mb << 20)
    settle_heap()
    return app


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help="print every group's board URL, then serve (make run)")


def main(argv: list[str] | None = None) -> int:
    no_tls.hide()
    args = service.arguments(PROG, "Serve the group boards.", SETTINGS, argv, _options)
    return service.run(lambda: _main(args))


def _main(args: argparse.Namespace) -> int:
    from .app import make_app
    from .server import make_server

    one_malloc_arena()
    settings, db = service.start(PROG, load, service.READ)
    app = make_app(db, cache_bytes=settings.web_cache_mb << 20)
    if args.demo:
        for url in board_urls(settings.web_host, settings.web_port):
            print(url, flush=True)
    # Under load waitress logs "Task queue depth is N" for every queued request:
    # queued requests are normal here and show in the latency histogram instead.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    host, port = settings.web_host, settings.web_port
    server = service.listening(PROG, "WEB_PORT", host, port, lambda: make_server(app, host, port, settings.web_threads))
    # podman stops a container with SIGTERM, make run with Ctrl-C: both leave the loop within a second.
    stop = StopSignal().install()
    settle_heap()
    log.info("serving on http://%s:%s", host, server.effective_port)
    try:
        serve_until_stopped(server, stop)
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
