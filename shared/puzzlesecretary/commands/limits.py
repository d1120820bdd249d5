"""A flood of commands: each sender gets a few a minute; past that, one "slow down" and then silence."""

from __future__ import annotations

from collections import deque

WINDOW_MS = 60_000
PER_WINDOW = 6


class RateLimit:
    """Per sender, commands within a sliding minute of the sender's clock. In memory: a restart forgives."""

    def __init__(self, per_window: int = PER_WINDOW, window_ms: int = WINDOW_MS) -> None:
        self.per_window = per_window
        self.window_ms = window_ms
        self.times: dict[str, deque[int]] = {}
        self.warned: dict[str, int] = {}

    def check(self, sender: str, at_ms: int) -> str:
        """"ok" to answer, "warn" to say slow down once, "drop" to say nothing."""
        times = self.times.setdefault(sender, deque())
        while times and times[0] <= at_ms - self.window_ms:
            times.popleft()
        if len(times) < self.per_window:
            times.append(at_ms)
            return "ok"
        if self.warned.get(sender, -self.window_ms) <= at_ms - self.window_ms:
            self.warned[sender] = at_ms
            return "warn"
        return "drop"

    def forget_old(self, at_ms: int) -> None:
        """Drop senders idle for a window, so the memory stays bounded."""
        for sender in [s for s, t in self.times.items() if not t or t[-1] <= at_ms - self.window_ms]:
            self.times.pop(sender, None)
            self.warned.pop(sender, None)
