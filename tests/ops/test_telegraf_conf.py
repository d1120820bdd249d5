"""telegraf/telegraf.conf, parsed as TOML (no telegraf binary installs here) and checked for
what Home Assistant and the issue rely on."""

from __future__ import annotations

import re

from ops.opskit import ROOT, TELEGRAF_CONF, telegraf_config, telegraf_topic

CONF = telegraf_config()
MQTT = CONF["outputs"]["mqtt"][0]


def inputs(name: str) -> list[dict]:
    return CONF["inputs"][name]


def test_the_hostname_is_fixed_so_topics_survive_container_restarts():
    assert CONF["agent"]["hostname"] == "puzzlevm"
    assert CONF["agent"].get("omit_hostname", False) is False


def test_it_collects_total_cpu_only():
    (cpu,) = inputs("cpu")
    assert cpu["percpu"] is False
    assert cpu["totalcpu"] is True


def test_it_collects_memory_processes_and_system():
    assert len(inputs("mem")) == 1
    assert len(inputs("processes")) == 1
    (system,) = inputs("system")
    assert "uptime_format" in system["fielddrop"]


def test_the_system_parts_are_merged_into_one_metric_per_topic():
    (merge,) = CONF["aggregators"]["merge"]
    assert merge["namepass"] == ["system"]
    assert merge["drop_original"] is True


def test_each_disk_has_its_own_metric_name_and_so_its_own_topic():
    disks = {disk["name_override"]: disk["mount_points"] for disk in inputs("disk")}
    assert disks == {"disk_root": ["/"], "disk_data": ["${TELEGRAF_DATA_MOUNT}"]}


def test_it_scrapes_updater_metrics_and_the_ingests_and_web_by_container_name():
    urls = {url: scrape for scrape in inputs("prometheus") for url in scrape["urls"]}
    assert set(urls) == {
        "http://updater-metrics:9102/metrics",
        "http://signal-ingest:8080/metrics",
        "http://whatsapp-ingest:8080/metrics",
        "http://web:5000/metrics",
    }
    for scrape in inputs("prometheus"):
        assert scrape["metric_version"] == 1
        assert scrape["namepass"], "a scrape without namepass would flood MQTT with python_gc_* and process_*"
    assert urls["http://updater-metrics:9102/metrics"]["namepass"] == ["puzzlesecretary_autoupdate_*"]


def test_the_updater_metrics_port_matches_its_default_setting():
    from puzzlesecretary_updater_metrics.settings import METRICS_PORT

    assert "http://updater-metrics:%s/metrics" % METRICS_PORT.default in [
        url for scrape in inputs("prometheus") for url in scrape["urls"]
    ]


def test_mqtt_output_is_json_one_message_per_metric_not_retained():
    assert MQTT["layout"] == "non-batch"
    assert MQTT["data_format"] == "json"
    assert MQTT["json_timestamp_units"] == "1s"
    assert MQTT["retain"] is False
    assert MQTT["keep_alive"] > 0  # mosquitto 2.0.12+ rejects keep_alive 0
    assert "topic_prefix" not in MQTT and "batch" not in MQTT  # removed in Telegraf 1.35


def test_broker_and_credentials_come_from_the_environment():
    assert MQTT["servers"] == ["${MQTT_BROKER}"]
    assert MQTT["username"] == "${MQTT_USERNAME}"
    assert MQTT["password"] == "${MQTT_PASSWORD}"
    text = TELEGRAF_CONF.read_text()
    assert not re.search(r"(?m)^\s*password\s*=\s*\"(?!\$\{)", text)


def test_series_of_one_metric_land_on_different_topics():
    template = MQTT["topic"]
    assert "#" not in template and "+" not in template
    topics = [
        telegraf_topic(template, "cpu", {"host": "puzzlevm", "cpu": "cpu-total"}),
        telegraf_topic(template, "disk_root", {"host": "puzzlevm", "path": "/"}),
        telegraf_topic(template, "disk_data", {"host": "puzzlevm", "path": "/"}),
        telegraf_topic(template, "ingest_last_success_timestamp_seconds", {"host": "puzzlevm", "network": "signal"}),
        telegraf_topic(template, "ingest_last_success_timestamp_seconds", {"host": "puzzlevm", "network": "whatsapp"}),
        telegraf_topic(template, "puzzlesecretary_autoupdate_container_pending", {"host": "puzzlevm", "container": "web"}),
        telegraf_topic(template, "puzzlesecretary_autoupdate_container_pending", {"host": "puzzlevm", "container": "signal-ingest"}),
        telegraf_topic(template, "puzzlesecretary_web_errors_total", {"host": "puzzlevm", "route": "/"}),
        telegraf_topic(template, "puzzlesecretary_web_errors_total", {"host": "puzzlevm", "route": "/b/<token>"}),
    ]
    assert len(set(topics)) == len(topics)
    assert topics[0] == "telegraf/puzzlevm/cpu"
    assert topics[3] == "telegraf/puzzlevm/ingest_last_success_timestamp_seconds/signal"
    assert topics[5] == "telegraf/puzzlevm/puzzlesecretary_autoupdate_container_pending/web"


def test_the_quadlet_mounts_this_config_and_the_host_read_only():
    quadlet = (ROOT / "quadlets" / "telegraf.container").read_text()
    assert "Volume=%h/.config/puzzlesecretary/telegraf.conf:/etc/telegraf/telegraf.conf:ro,Z" in quadlet
    assert "Volume=/:/hostfs:ro\n" in quadlet
    assert "HostName=puzzlevm" in quadlet
    for variable in ("HOST_PROC=/hostfs/proc", "HOST_SYS=/hostfs/sys", "HOST_MOUNT_PREFIX=/hostfs"):
        assert f"Environment={variable}" in quadlet
