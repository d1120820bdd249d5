"""The metrics contract both ingests export, declared once: names, help texts and labels.

Telegraf reads `ingest_last_success_timestamp_seconds` and `ingest_upstream_session_up`
(telegraf/telegraf.conf) and Home Assistant alerts on them; the rest are for a person reading
/metrics. Each ingest adds the few metrics only its upstream has.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class IngestMetrics:
    """The shared metrics of one ingest (`network`: signal or whatsapp), in a registry of their own."""

    def __init__(self, network: str) -> None:
        self.network = network
        self.registry = r = CollectorRegistry()
        self.messages = Counter(
            "ingest_messages", "Messages read, by what they were or how they came.", ["network", "kind"], registry=r
        )
        self.duplicates = Counter(
            "ingest_duplicates",
            "Deliveries caught again and stored once, by the check that caught them.",
            ["network", "check"],
            registry=r,
        )
        self.parse_failures = Counter(
            "ingest_parse_failures",
            "Upstream output that could not be read or applied, by reason.",
            ["network", "reason"],
            registry=r,
        )
        self.upstream_errors = Counter(
            "ingest_upstream_errors", "Failed calls to the upstream, by reason.", ["network", "reason"], registry=r
        )
        self.last_success = Gauge(
            "ingest_last_success_timestamp_seconds",
            "When the upstream last answered, or an event was last applied.",
            ["network"],
            registry=r,
        )
        self.outbox = Counter(
            "ingest_outbox_settled",
            "Outbox rows the sender settled, by kind (say, react, seen) and outcome (sent, retried, failed, logged).",
            ["network", "kind", "outcome"],
            registry=r,
        )

    def settled(self, kind: str, outcome: str) -> None:
        """One outbox row settled by this ingest's sender (sending.Sender's `on_settled`)."""
        self.outbox.labels(self.network, kind, outcome).inc()
