"""The counters /metrics shows (the names both ingests share; docs/signal-ingest.md lists them), in a registry of their own."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

NETWORK = "signal"


class Metrics:
    """Every metric signal-ingest exports; one instance per running program (and per test)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "ingest_messages", "Envelopes read, by what they were.", ["network", "kind"], registry=self.registry
        )
        self.duplicates = Counter(
            "ingest_duplicates", "Envelopes or messages delivered again and stored once.", ["network"], registry=self.registry
        )
        self.parse_failures = Counter(
            "ingest_parse_failures", "Upstream output that could not be read, by reason.", ["network", "reason"], registry=self.registry
        )
        self.upstream_errors = Counter(
            "ingest_upstream_errors", "Failed calls to signal-cli-rest-api, by reason.", ["network", "reason"], registry=self.registry
        )
        self.polls = Counter("ingest_polls", "Receive calls that answered.", ["network"], registry=self.registry)
        self.last_success = Gauge(
            "ingest_last_success_timestamp_seconds", "When a receive call last answered.", ["network"], registry=self.registry
        )

    def message(self, kind: str) -> None:
        self.messages.labels(NETWORK, kind).inc()

    def duplicate(self) -> None:
        self.duplicates.labels(NETWORK).inc()

    def failure(self, reason: str) -> None:
        self.parse_failures.labels(NETWORK, reason).inc()

    def upstream_error(self, reason: str) -> None:
        self.upstream_errors.labels(NETWORK, reason).inc()

    def success(self, at: float) -> None:
        self.polls.labels(NETWORK).inc()
        self.last_success.labels(NETWORK).set(at)
