"""The counters /metrics serves, in a registry of their own (one per running app)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

NETWORK = "whatsapp"


class Metrics:
    """The names both ingests share (docs/whatsapp-ingest.md lists them); labels say why."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.events = Counter("ingest_events_total", "Webhook events accepted and stored, by event.", ["network", "event"], registry=r)
        self.messages = Counter("ingest_messages_total", "Chat messages stored, by how they came.", ["network", "kind"], registry=r)
        self.changes = Counter("ingest_changes_total", "Edits and deletions applied to stored messages.", ["network", "kind"], registry=r)
        self.ignored = Counter("ingest_ignored_total", "Events and messages counted and ignored, by reason.", ["network", "reason"], registry=r)
        self.duplicates = Counter("ingest_duplicates_total", "Re-deliveries caught, by which check caught them.", ["network", "check"], registry=r)
        self.rejected = Counter("ingest_webhook_rejected_total", "Webhook requests refused, by HTTP status.", ["network", "status"], registry=r)
        self.failures = Counter("ingest_parse_failures_total", "Stored events that could not be processed.", ["network", "reason"], registry=r)
        self.upstream_errors = Counter("ingest_upstream_errors_total", "Failed requests to WAHA, by reason.", ["network", "reason"], registry=r)
        self.last_success = Gauge("ingest_last_success_timestamp_seconds", "When an event or catch-up last succeeded.", ["network"], registry=r)
        self.session_up = Gauge("ingest_upstream_session_up", "1 while the WAHA session is WORKING.", ["network"], registry=r)
        self.pending = Gauge("ingest_pending_events", "Stored events not processed yet.", ["network"], registry=r)
        self.session_up.labels(NETWORK).set(0)

    def render(self) -> bytes:
        return generate_latest(self.registry)
