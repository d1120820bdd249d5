"""Slow clients for a server on 127.0.0.1: many connections that each send a request's start, then one byte at a time.

Bounded twice: the trickle stops when the `with` block ends, and by itself after `limit_s`.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager, suppress


@contextmanager
def slow_clients(port: int, count: int, head: bytes, *, every_s: float = 0.5, limit_s: float = 60.0):
    """Open `count` connections that send `head`, then one more byte each every `every_s` seconds."""
    sockets: list[socket.socket] = []
    done = threading.Event()

    def trickle() -> None:
        deadline = time.monotonic() + limit_s
        while not done.wait(every_s) and time.monotonic() < deadline:
            for client in sockets:
                with suppress(OSError):  # the server closed this one: it was free to
                    client.send(b"x")

    try:
        for _ in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(head)
            sockets.append(client)
        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        yield sockets
    finally:
        done.set()
        for client in sockets:
            client.close()
