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


def make_server(app, host: str, port: int, threads: int):
    """A waitress server bound to host:port (OSError when it cannot listen), not yet serving."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="", **WAITRESS_LIMITS)
    server.channel_class = _HeadedChannel  # read per accepted connection (waitress.server.BaseWSGIServer.handle_accept)
    return server
