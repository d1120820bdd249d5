"""telegraf/telegraf.conf, parsed as TOML (no telegraf binary installs here) and checked for
what Home Assistant and the issue rely on, against Telegraf's own source at release v1.39.3
(influxdata/telegraf tag v1.39.3, commit eb37a442f): the options each plugin declares, the MQTT
output's topic generation and the JSON serializer's exact bytes."""

from __future__ import annotations

import re

import pytest
from ops.opskit import ROOT, TELEGRAF_CONF, telegraf_config, telegraf_json, telegraf_topic

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
    assert "uptime_format" in system["fieldexclude"]


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
        telegraf_topic(
            template, "puzzlesecretary_autoupdate_container_pending", {"host": "puzzlevm", "container": "signal-ingest"}
        ),
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


# The options Telegraf v1.39.3 accepts, from the `toml:"..."` tags of each plugin's struct (a
# field without a tag is its snake_case name). Telegraf refuses to start on any other key
# ("configuration specified the fields [...], but they were not used"), so a typo here is a
# Telegraf that never publishes.
GENERAL = {  # config/config.go missingTomlField: options every plugin takes
    "alias",
    "always_include_local_tags",
    "buffer_strategy",
    "buffer_directory",
    "buffer_disk_sync",
    "collection_jitter",
    "collection_offset",
    "data_format",
    "delay",
    "drop",
    "drop_original",
    "fielddrop",
    "fieldexclude",
    "fieldinclude",
    "fieldpass",
    "flush_interval",
    "flush_jitter",
    "grace",
    "interval",
    "log_level",
    "metric_batch_size",
    "metric_buffer_limit",
    "metricpass",
    "name_override",
    "name_prefix",
    "name_suffix",
    "namedrop",
    "namedrop_separator",
    "namepass",
    "namepass_separator",
    "order",
    "pass",
    "period",
    "precision",
    "tagdrop",
    "tagexclude",
    "taginclude",
    "tagpass",
    "tags",
    "startup_error_behavior",
}
TLS_CLIENT = {  # plugins/common/tls/client.go ClientConfig
    "tls_ca",
    "tls_cert",
    "tls_key",
    "tls_key_pwd",
    "tls_min_version",
    "tls_cipher_suites",
    "insecure_skip_verify",
    "tls_server_name",
    "tls_renegotiation_method",
    "tls_enable",
}
OPTIONS = {
    "agent": {  # config/config.go AgentConfig
        "interval",
        "round_interval",
        "precision",
        "collection_jitter",
        "collection_offset",
        "flush_interval",
        "flush_jitter",
        "metric_batch_size",
        "metric_buffer_limit",
        "debug",
        "quiet",
        "logtarget",
        "logformat",
        "logfile",
        "structured_log_message_key",
        "logfile_rotation_interval",
        "logfile_rotation_max_size",
        "logfile_rotation_max_archives",
        "log_with_timezone",
        "hostname",
        "omit_hostname",
        "snmp_translator",
        "statefile",
        "always_include_local_tags",
        "always_include_global_tags",
        "skip_processors_after_aggregators",
        "config_url_retry_attempts",
        "buffer_strategy",
        "buffer_directory",
        "buffer_disk_sync",
    },
    "inputs.cpu": GENERAL | {"percpu", "totalcpu", "collect_cpu_time", "report_active", "core_tags"},
    "inputs.mem": GENERAL | {"collect_extended"},
    "inputs.disk": GENERAL | {"mount_points", "ignore_fs", "ignore_mount_opts"},
    "inputs.processes": GENERAL,
    "inputs.system": GENERAL | {"include", "dmi_cache_ttl", "os_cache_ttl"},
    "aggregators.merge": GENERAL | {"round_timestamp_to"},
    # plugins/inputs/prometheus/prometheus.go (the urls/metric_version part) and the embedded
    # plugins/common/http HTTPClientConfig's timeout.
    "inputs.prometheus": GENERAL
    | TLS_CLIENT
    | {
        "urls",
        "metric_version",
        "url_tag",
        "username",
        "password",
        "bearer_token",
        "bearer_token_string",
        "http_headers",
        "ignore_timestamp",
        "content_length_limit",
        "timeout",
        "response_timeout",
        "enable_request_metrics",
    },
    # plugins/outputs/mqtt/mqtt.go MQTT, plugins/common/mqtt/mqtt.go MqttConfig, and the JSON
    # serializer's options (plugins/serializers/json/json.go Serializer).
    "outputs.mqtt": GENERAL
    | TLS_CLIENT
    | {
        "topic",
        "layout",
        "homie_device_name",
        "homie_node_id",
        "servers",
        "protocol",
        "username",
        "password",
        "timeout",
        "connection_timeout",
        "qos",
        "client_id",
        "retain",
        "keep_alive",
        "persistent_session",
        "v5",
        "client_trace",
        "json_timestamp_units",
        "json_timestamp_format",
        "json_transformation",
        "json_nested_fields_include",
        "json_nested_fields_exclude",
    },
}
# Deprecated in v1.39.3 (config/config.go buildFilter): fielddrop and fieldpass go in 1.40.0,
# drop and pass already went in 1.35.0; client_trace goes in 1.45.0.
DEPRECATED = {"fielddrop", "fieldpass", "drop", "pass", "client_trace"}


def plugin_tables():
    yield "agent", CONF["agent"]
    for kind in ("inputs", "outputs", "aggregators", "processors"):
        for name, tables in CONF.get(kind, {}).items():
            for table in tables:
                yield f"{kind}.{name}", table


def test_every_option_is_one_telegraf_1_39_3_declares_and_none_is_deprecated():
    seen = set()
    for plugin, table in plugin_tables():
        assert plugin in OPTIONS, f"{plugin}: a plugin this test has no option list for"
        unknown = set(table) - OPTIONS[plugin]
        assert not unknown, f"{plugin}: Telegraf would refuse {sorted(unknown)}"
        assert not set(table) & DEPRECATED, f"{plugin}: deprecated {sorted(set(table) & DEPRECATED)}"
        seen.add(plugin)
    assert {"agent", "outputs.mqtt", "inputs.prometheus"} <= seen


def test_the_option_check_catches_a_misspelled_key():
    mistyped = dict(MQTT, layuot="non-batch")
    assert set(mistyped) - OPTIONS["outputs.mqtt"] == {"layuot"}
    assert {"fielddrop"} & DEPRECATED


@pytest.mark.parametrize(
    "fields, tags, expected",
    [
        # plugins/serializers/json/json_test.go at v1.39.3, TestSerializeMetricFloat / Int / String,
        # TestSerializeMultiFields (the host tag is the one every metric here carries).
        (
            {"usage_idle": 91.5},
            {"cpu": "cpu0"},
            '{"fields":{"usage_idle":91.5},"name":"cpu","tags":{"cpu":"cpu0","host":"puzzlevm"},',
        ),
        (
            {"usage_idle": 90},
            {"cpu": "cpu0"},
            '{"fields":{"usage_idle":90},"name":"cpu","tags":{"cpu":"cpu0","host":"puzzlevm"},',
        ),
        (
            {"usage_idle": "foobar"},
            {"cpu": "cpu0"},
            '{"fields":{"usage_idle":"foobar"},"name":"cpu","tags":{"cpu":"cpu0","host":"puzzlevm"},',
        ),
        (
            {"usage_total": 8559615, "usage_idle": 90},
            {"cpu": "cpu0"},
            '{"fields":{"usage_idle":90,"usage_total":8559615},"name":"cpu","tags":{"cpu":"cpu0","host":"puzzlevm"},',
        ),
        # Go's encoding/json: a whole float has no ".0", NaN is left out (json.go createObject).
        ({"gauge": 2.0, "other": float("nan")}, {}, '{"fields":{"gauge":2},"name":"cpu","tags":{"host":"puzzlevm"},'),
    ],
)
def test_the_json_the_ha_tests_publish_is_byte_for_byte_telegrafs(fields, tags, expected):
    assert telegraf_json("cpu", fields, tags, timestamp=1525478795) == expected + '"timestamp":1525478795}\n'


def test_topic_levels_from_missing_tags_are_dropped_as_telegraf_does():
    # plugins/outputs/mqtt/mqtt.go generateTopic: split on "/", drop empty parts, join.
    assert telegraf_topic(MQTT["topic"], "mem", {"host": "puzzlevm"}) == "telegraf/puzzlevm/mem"
    assert telegraf_topic('{{ .Tag "x" }}//a/', "mem", {}) == "a"
