"""What Telegraf would publish for PuzzleSecretary's server: host metrics with the fields its
input plugins emit, plus the real updater-metrics exporter's /metrics as inputs.prometheus
(metric_version = 1) turns them into metrics, each serialized and topic'd as Telegraf's MQTT
output does (opskit.telegraf_json, opskit.telegraf_topic)."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import paho.mqtt.client as mqtt
from ops.opskit import HOST, prometheus_as_telegraf, telegraf_config, telegraf_json, telegraf_topic

TOPIC = telegraf_config()["outputs"]["mqtt"][0]["topic"]
EXPORTER_URL = "http://updater-metrics:9102/metrics"


def host_metrics(now: int) -> list[tuple[str, dict, dict]]:
    """The host inputs' metrics (values invented); the ingests last received 2 and 1 minutes before now."""
    disk_tags = {"path": "/", "device": "vda9", "fstype": "ext4", "mode": "rw"}
    return [
        ("cpu", {"usage_user": 12.5, "usage_system": 4.25, "usage_idle": 81.75, "usage_iowait": 1.5,
                 "usage_active": 18.25, "usage_steal": 0.0}, {"cpu": "cpu-total"}),
        ("mem", {"total": 2061651968, "used": 1236991180, "available": 824660788, "used_percent": 60.0000004,
                 "available_percent": 39.9999996, "free": 201326592}, {}),
        ("disk_root", {"total": 31138512896, "free": 11138512896, "used": 20000000000, "used_percent": 64.2287,
                       "inodes_total": 1944000, "inodes_used": 120000, "inodes_free": 1824000}, disk_tags),
        ("disk_data", {"total": 53687091200, "free": 48318382080, "used": 5368709120, "used_percent": 10.0,
                       "inodes_total": 3276800, "inodes_used": 300, "inodes_free": 3276500}, disk_tags),
        ("system", {"load1": 0.52, "load5": 0.347, "load15": 0.2, "n_cpus": 2, "n_users": 1, "uptime": 864000}, {}),
        ("processes", {"blocked": 0, "running": 1, "sleeping": 143, "stopped": 0, "total": 145, "zombies": 1,
                       "dead": 0, "paging": 0, "total_threads": 301}, {}),
        ("ingest_last_success_timestamp_seconds", {"gauge": float(now - 120)},
         {"network": "signal", "url": "http://signal-ingest:8080/metrics"}),
        ("ingest_last_success_timestamp_seconds", {"gauge": float(now - 60)},
         {"network": "whatsapp", "url": "http://whatsapp-ingest:8080/metrics"}),
        ("ingest_upstream_session_up", {"gauge": 1.0}, {"network": "whatsapp", "url": "http://whatsapp-ingest:8080/metrics"}),
    ]


def iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def expected_states(now: int, checked_at: int) -> dict[str, str]:
    """Each entity's state from host_metrics(now) plus the exporter on pending.json checked at checked_at."""
    return {
        "sensor.puzzlevm_cpu_usage": "18.2",
        "sensor.puzzlevm_memory_used": "60.0",
        "sensor.puzzlevm_memory_available": "786",
        "sensor.puzzlevm_root_disk_used": "64.2",
        "sensor.puzzlevm_root_disk_free": "11.14",
        "sensor.puzzlevm_data_disk_used": "10.0",
        "sensor.puzzlevm_load_5_min": "0.35",
        "sensor.puzzlevm_uptime": "864000",
        "sensor.puzzlevm_processes": "145",
        "sensor.puzzlevm_zombie_processes": "1",
        "sensor.puzzlevm_pending_container_updates": "2",
        "sensor.puzzlevm_last_update_check": iso(checked_at),
        "sensor.puzzlevm_signal_ingest_last_receive": iso(now - 120),
        "sensor.puzzlevm_whatsapp_ingest_last_receive": iso(now - 60),
        "binary_sensor.puzzlevm_update_check_stale": "off",
        "binary_sensor.puzzlevm_update_check_failed": "off",
        "binary_sensor.puzzlevm_whatsapp_session": "on",
    }


def exporter_as_telegraf(envelope: Path, checked_at: int) -> list[tuple[str, dict, dict]]:
    """The real exporter's /metrics on a host check's envelope, as Telegraf's metrics."""
    return prometheus_as_telegraf(exporter_exposition(envelope, checked_at), EXPORTER_URL)


def exporter_exposition(envelope: Path, checked_at: int) -> str:
    """Run the real exporter on a host check's envelope (its checked_at set) and fetch its
    /metrics over HTTP."""
    from puzzlesecretary.config import load
    from puzzlesecretary.health import BackgroundServer
    from puzzlesecretary_updater_metrics.main import Exporter
    from puzzlesecretary_updater_metrics.server import make_app
    from puzzlesecretary_updater_metrics.settings import SETTINGS

    data = json.loads(envelope.read_text())
    data["checked_at"] = checked_at
    envelope.write_text(json.dumps(data))
    exporter = Exporter(load(SETTINGS, {"AUTO_UPDATE_FILE": str(envelope), "STALE_AFTER_SECONDS": str(10**10)}))
    exporter.refresh()
    server = BackgroundServer("127.0.0.1", 0, make_app(exporter.registry(), lambda: exporter.refreshed_at, 30)).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=5) as response:
            text = response.read().decode()
    finally:
        server.stop()
    return text


def messages(metrics: list[tuple[str, dict, dict]], timestamp: int) -> list[tuple[str, str]]:
    """(topic, payload) for each metric, as Telegraf's MQTT output sends them."""
    return [(telegraf_topic(TOPIC, name, {"host": HOST, **tags}), telegraf_json(name, fields, tags, timestamp))
            for name, fields, tags in metrics]


def publish(port: int, outgoing: list[tuple[str, str]]) -> None:
    """Publish like Telegraf's MQTT output here: QoS 1, not retained, client id telegraf-puzzlevm."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="telegraf-puzzlevm")
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        for topic, payload in outgoing:
            client.publish(topic, payload, qos=1, retain=False).wait_for_publish(5)
    finally:
        client.loop_stop()
        client.disconnect()
