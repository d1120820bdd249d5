"""Both ingests export the one metrics contract (puzzlesecretary.ingest_metrics): the same
names with the same labels, which is what Telegraf and Home Assistant read."""

from __future__ import annotations

from puzzlesecretary.ingest_metrics import IngestMetrics
from puzzlesecretary_signal_ingest.metrics import Metrics as SignalMetrics
from puzzlesecretary_whatsapp_ingest.metrics import Metrics as WhatsAppMetrics


def families(metrics) -> dict[str, tuple[str, ...]]:
    """Each metric family's name and its label names, as /metrics would serve them."""
    out = {}
    for collector in list(metrics.registry._collector_to_names):
        out[collector._name] = tuple(collector._labelnames)
    return out


def test_both_ingests_export_the_contract_with_the_same_labels():
    contract = families(IngestMetrics("contract"))
    assert contract  # the contract declares something
    for metrics in (SignalMetrics(), WhatsAppMetrics()):
        theirs = families(metrics)
        assert {name: theirs.get(name) for name in contract} == contract


def test_the_metrics_telegraf_reads_are_in_the_contract_or_declared_by_the_one_ingest_that_has_them():
    contract = families(IngestMetrics("contract"))
    assert contract["ingest_last_success_timestamp_seconds"] == ("network",)
    assert families(WhatsAppMetrics())["ingest_upstream_session_up"] == ("network",)
