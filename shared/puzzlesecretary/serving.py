"""How the two HTTP servers (the web, the WhatsApp webhook) run waitress: its limits, and a stop nothing swallows.

Nothing here imports waitress (this library does not depend on it): each container builds its
server and hands it in. docs/web.md ("Slow and idle clients") says why each figure is what it is.
"""

from __future__ import annotations

import signal

# waitress's defaults are connection_limit 100 and channel_timeout 120 s: about 100 idle or
# slow clients stopped it from accepting anyone else until they left. 500 connections stay
# under half of a service's usual 1,024 open files; each costs little (500 idle: +1 MiB) unless
# it holds a partial request, which the header limit caps at 32 KiB (500 such: +16 MiB, measured
# in docs/web.md). An idle keep-alive connection is dropped after 30-60 s (waitress looks every
# 30 s). poll() instead of select(): select cannot watch a descriptor numbered 1,024 or above.
WAITRESS_LIMITS = {
    "connection_limit": 500,
    "channel_timeout": 30,
    "asyncore_use_poll": True,
    "max_request_header_size": 32768,
}


class StopSignal:
    """SIGTERM and SIGINT set a flag that the serving loop reads between polls.

    The handler raises nothing on purpose: an exception raised while waitress was reading a
    closing connection was caught by waitress's own catch-all, which closed that connection and
    served on: about 1 SIGTERM in 4 was ignored that way.
    """

    def __init__(self) -> None:
        self.signum: int | None = None

    def install(self) -> StopSignal:
        signal.signal(signal.SIGTERM, self._handle)
        signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        self.signum = signum


def serve_until_stopped(server, stop: StopSignal) -> None:
    """Run a waitress server's loop one poll at a time (at most its loop timeout, 1 s) until `stop` is set."""
    adj = server.adj
    while stop.signum is None:
        server.asyncore.loop(timeout=adj.asyncore_loop_timeout, map=server._map, use_poll=adj.asyncore_use_poll, count=1)
    server.task_dispatcher.shutdown()
