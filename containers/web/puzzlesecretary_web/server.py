"""waitress for the web: the shared connection limits, and the security headers on the answers waitress writes itself.

waitress answers some requests without calling the app: a malformed request line or method,
a bad chunk, headers over its size limit (400, 431, 413). Those never pass through guard.py,
so they get the headers here, from waitress's own error task.
"""

from __future__ import annotations

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from puzzlesecretary.serving import WAITRESS_LIMITS

from .guard import SECURITY_HEADERS


class _HeadedErrorTask(ErrorTask):
    def execute(self):
        self.response_headers.extend(SECURITY_HEADERS)
        super().execute()


class _HeadedChannel(HTTPChannel):
    error_task_class = _HeadedErrorTask


# A worker thread of waitress sends what a response wrote as soon as it holds `send_bytes` (1 by
# default): the headers in one send, the body in another, from the worker. Held up to 18,000 bytes,
# a gzipped page (3 to 4 KB), a 304 or /healthz goes out whole from the I/O thread, which waitress
# wakes at the end of every request anyway: about a quarter less server CPU for each (docs/web.md,
# "The server's own cost"). It only holds bytes back until the app has returned; the app never
# streams. 64 KiB would hold the plain 31 KB board too (0.096 against 0.113 ms), but 32 of them
# waiting at once took the web's peak RSS from 39.9 to 41.4 MiB, past its 40 MiB target.
SEND_BYTES = 18000


def make_server(app, host: str, port: int, threads: int):
    """A waitress server bound to host:port (OSError when it cannot listen), not yet serving."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="", **WAITRESS_LIMITS)
    server.channel_class = _HeadedChannel  # read per accepted connection (waitress.server.BaseWSGIServer.handle_accept)
    # Set on the adjustments every channel reads (waitress.channel.HTTPChannel.write_soon), not passed
    # to create_server: waitress 3 warns that the keyword will go, and a release without it would
    # refuse to start; then this line sets an attribute nobody reads, and the web serves as before.
    if hasattr(server.adj, "send_bytes"):
        server.adj.send_bytes = SEND_BYTES
    return server
