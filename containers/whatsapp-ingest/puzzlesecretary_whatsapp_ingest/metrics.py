"""The counters /metrics serves, in a registry of their own (one per running app)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from puzzlesecretary.ingest_metrics import IngestMetrics

NETWORK = "whatsapp"


class Metrics(IngestMetrics):
    """The shared contract (puzzlesecretary.ingest_metrics) and what only WAHA has; labels say why."""

    def __init__(self) -> None:
        super().__init__(NETWORK)
        r = self.registry
        self.failures = self.parse_failures
        self.events = Counter(
            "ingest_events_total", "Webhook events accepted and stored, by event.", ["network", "event"], registry=r
        )
        self.changes = Counter(
            "ingest_changes_total", "Edits and deletions applied to stored messages.", ["network", "kind"], registry=r
        )
        self.ignored = Counter(
            "ingest_ignored_total", "Events and messages counted and ignored, by reason.", ["network", "reason"], registry=r
        )
        self.rejected = Counter(
            "ingest_webhook_rejected_total", "Webhook requests refused, by HTTP status.", ["network", "status"], registry=r
        )
        self.session_up = Gauge("ingest_upstream_session_up", "1 while the WAHA session is WORKING.", ["network"], registry=r)
        self.pending = Gauge("ingest_pending_events", "Stored events not processed yet.", ["network"], registry=r)
        self.session_up.labels(NETWORK).set(0)
