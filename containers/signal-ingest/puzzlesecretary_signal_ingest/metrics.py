"""The counters /metrics shows: the contract both ingests share (puzzlesecretary.ingest_metrics), and the polls."""

from __future__ import annotations

from prometheus_client import Counter

from puzzlesecretary.ingest_metrics import IngestMetrics

NETWORK = "signal"


class Metrics(IngestMetrics):
    """Every metric signal-ingest exports; one instance per running program (and per test)."""

    def __init__(self) -> None:
        super().__init__(NETWORK)
        self.polls = Counter("ingest_polls", "Receive calls that answered.", ["network"], registry=self.registry)
        self._by_kind: dict = {}

    def message(self, kind: str, n: int = 1) -> None:
        # Every envelope counts one: the labelled child is looked up once per kind, not per envelope.
        counter = self._by_kind.get(kind)
        if counter is None:
            counter = self._by_kind[kind] = self.messages.labels(NETWORK, kind)
        counter.inc(n)

    def duplicate(self, check: str = "envelope") -> None:
        """One delivery caught again: the same envelope (its key), or a message id stored before."""
        self.duplicates.labels(NETWORK, check).inc()

    def failure(self, reason: str) -> None:
        self.parse_failures.labels(NETWORK, reason).inc()

    def upstream_error(self, reason: str) -> None:
        self.upstream_errors.labels(NETWORK, reason).inc()

    def success(self, at: float) -> None:
        self.polls.labels(NETWORK).inc()
        self.last_success.labels(NETWORK).set(at)
