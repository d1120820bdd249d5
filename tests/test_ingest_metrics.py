"""Both ingests export the one metrics contract (puzzlesecretary.ingest_metrics): the same
names with the same labels, which is what Telegraf and Home Assistant read; and every metric
Telegraf selects is one that the container it scrapes exports."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from puzzlesecretary.health import exposition
from puzzlesecretary.ingest_metrics import IngestMetrics
from puzzlesecretary_signal_ingest.metrics import Metrics as SignalMetrics
from puzzlesecretary_whatsapp_ingest.metrics import Metrics as WhatsAppMetrics

ROOT = Path(__file__).resolve().parent.parent


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


def exported(registry) -> set[str]:
    """The metric names /metrics serves from a registry, read back from its text."""
    return set(re.findall(r"^# TYPE (\S+) ", exposition(registry).decode(), re.MULTILINE))


def test_every_metric_telegraf_selects_is_one_the_container_at_that_address_exports(db):
    from puzzlesecretary_updater_metrics.metrics import NAMES as UPDATER_NAMES
    from puzzlesecretary_web.app import make_app

    by_host = {
        "signal-ingest": exported(SignalMetrics().registry),
        "whatsapp-ingest": exported(WhatsAppMetrics().registry),
        "web": exported(make_app(db).metrics.registry),
        "updater-metrics": set(UPDATER_NAMES),  # built at each scrape from the file (updater_metrics.metrics)
    }
    conf = tomllib.loads((ROOT / "telegraf" / "telegraf.conf").read_text())
    scrapes = conf["inputs"]["prometheus"]
    assert {re.match(r"http://([a-z-]+):", url).group(1) for s in scrapes for url in s["urls"]} == set(by_host)
    for scrape in scrapes:
        names = set().union(*(by_host[re.match(r"http://([a-z-]+):", url).group(1)] for url in scrape["urls"]))
        for pattern in scrape["namepass"]:
            assert fnmatch.filter(names, pattern), f"{scrape['urls']} export nothing telegraf's namepass {pattern!r} selects"
