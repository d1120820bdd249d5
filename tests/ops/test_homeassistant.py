"""The Home Assistant package, checked with Home Assistant's own code (2024.3.3, the newest
that installs on Python 3.11, in build/hass-venv): check_config, the MQTT schemas, the template
engine on Telegraf's JSON delivered by a real Mosquitto broker, and the automations run."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from ops.opskit import HASS_HELPER, HASS_PYTHON, HOST, PACKAGE, Lazy, hass_helper, prometheus_as_telegraf, telegraf_topic
from ops.telegraf_feed import TOPIC, expected_states, exporter_as_telegraf, host_metrics, messages, publish

from puzzlesecretary.config import load
from puzzlesecretary_updater_metrics.main import Exporter
from puzzlesecretary_updater_metrics.settings import SETTINGS

PACKAGE_YAML = Lazy(lambda: hass_helper("load-package", {"package": str(PACKAGE)}))
AUTOMATIONS = Lazy(lambda: {automation["id"]: automation for automation in PACKAGE_YAML["automation"]})
CHECKED_AT = 1764230400  # 2025-11-27T08:00:00Z

ENTITY_NAMES = Lazy(lambda: {f"{platform}.{re.sub(r'[^a-z0-9]+', '_', entry['name'].lower())}": entry["name"]
                             for platform, entries in PACKAGE_YAML["mqtt"].items() for entry in entries})
HOST_METRICS = host_metrics(CHECKED_AT)
EXPECTED_STATES = Lazy(lambda: {name: state.upper() if entity.startswith("binary_sensor.") else state
                                for entity, state in expected_states(CHECKED_AT, CHECKED_AT).items()
                                for name in [ENTITY_NAMES[entity]]})


def updater_metrics_as_telegraf(check_file, sample: str) -> list[tuple[str, dict, dict]]:
    """Run the real exporter on a sample podman output and turn its /metrics into Telegraf's metrics."""
    return exporter_as_telegraf(check_file(sample), CHECKED_AT)


def publish_and_render(port: int, metrics: list[tuple[str, dict, dict]]) -> dict:
    """Publish Telegraf's JSON on Telegraf's topics through the broker; Home Assistant's side
    subscribes to the package's topics and renders what it receives."""
    outgoing = messages(metrics, CHECKED_AT)
    topics = sorted({topic for topic, _ in outgoing})
    helper = subprocess.Popen([str(HASS_PYTHON), str(HASS_HELPER), "mqtt-sensors"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        package_topics = set()
        for platform in PACKAGE_YAML["mqtt"].values():
            for entry in platform:
                package_topics |= {entry["state_topic"], entry.get("json_attributes_topic", entry["state_topic"])}
        helper.stdin.write(json.dumps({"package": str(PACKAGE), "port": port,
                                       "expect_topics": sorted(package_topics & set(topics))}) + "\n")
        helper.stdin.flush()
        ready = helper.stdout.readline()
        assert ready, helper.stderr.read()
        publish(port, outgoing)
        out, err = helper.communicate(timeout=120)
        assert helper.returncode == 0, err[-4000:]
    finally:
        if helper.poll() is None:
            helper.kill()
    return json.loads(out)


def test_every_sensor_reads_the_right_number_from_telegrafs_json(mosquitto, check_file):
    metrics = HOST_METRICS + updater_metrics_as_telegraf(check_file, "pending.json")
    result = publish_and_render(mosquitto, metrics)
    states = {name: sensor.get("state") for name, sensor in result["sensors"].items()}
    assert states == EXPECTED_STATES
    pending = result["sensors"]["PuzzleVM pending container updates"]
    assert pending["attributes"] == {"containers": "signal-ingest,web"}


def test_no_two_metrics_share_a_topic(mosquitto, check_file):
    metrics = HOST_METRICS + updater_metrics_as_telegraf(check_file, "pending.json")
    topics = [telegraf_topic(TOPIC, name, {"host": HOST, **tags}) for name, _, tags in metrics]
    assert len(topics) == len(set(topics)), sorted(t for t in topics if topics.count(t) > 1)
    result = publish_and_render(mosquitto, metrics)
    assert set(result["topics"]) <= set(topics)


def test_nothing_pending_reads_zero_with_an_empty_container_list(mosquitto, check_file):
    result = publish_and_render(mosquitto, updater_metrics_as_telegraf(check_file, "up-to-date.json"))
    pending = result["sensors"]["PuzzleVM pending container updates"]
    assert pending["state"] == "0"
    assert pending["attributes"] == {"containers": ""}


def test_a_failed_check_turns_the_failed_binary_sensor_on(mosquitto, check_file):
    path_metrics = updater_metrics_as_telegraf(check_file, "failed.json")
    result = publish_and_render(mosquitto, path_metrics)
    assert result["sensors"]["PuzzleVM update check failed"]["state"] == "ON"
    assert result["sensors"]["PuzzleVM pending container updates"]["state"] == "1"


def test_a_stale_check_publishes_no_pending_count_so_the_sensor_expires(mosquitto, tmp_path):
    # No file at all: the exporter withholds the pending metrics; only "stale" arrives.
    exporter = Exporter(load(SETTINGS, {"AUTO_UPDATE_FILE": str(tmp_path / "missing.json")}))
    exporter.refresh()
    from prometheus_client import generate_latest

    metrics = prometheus_as_telegraf(generate_latest(exporter.registry()).decode(), "http://updater-metrics:9102/metrics")
    result = publish_and_render(mosquitto, metrics)
    assert result["sensors"]["PuzzleVM update check stale"]["state"] == "ON"
    assert result["sensors"]["PuzzleVM pending container updates"]["received"] is False


def test_every_mqtt_entity_expires_and_passes_the_mqtt_platform_schema():
    for platform in PACKAGE_YAML["mqtt"].values():
        for entry in platform:
            assert 0 < entry["expire_after"] <= 600, entry["name"]
    result = hass_helper("validate-mqtt", {"package": str(PACKAGE)})
    assert result["errors"] == []
    assert result["checked"] == sum(len(p) for p in PACKAGE_YAML["mqtt"].values())


def test_the_mqtt_schema_check_catches_a_misspelled_key():
    bad = dict(PACKAGE_YAML["mqtt"]["sensor"][0], expire_afterr=300)
    result = hass_helper("validate-mqtt", {"package": str(PACKAGE), "extra_sensors": [bad]})
    assert any("expire_afterr" in error for error in result["errors"])


def check_config(tmp_path, package_text: str) -> str:
    config = tmp_path / "config"
    (config / "packages").mkdir(parents=True)
    (config / "configuration.yaml").write_text(
        "homeassistant:\n  name: PuzzleSecretary check\n  packages: !include_dir_named packages\n")
    (config / "packages" / "puzzlesecretary.yaml").write_text(package_text)
    hass = HASS_PYTHON.parent / "hass"
    # -i prints the configuration as loaded, so the test sees the package was really read.
    result = subprocess.run([str(hass), "--script", "check_config", "-c", str(config), "-i"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    return result.stdout + result.stderr


def test_check_config_reports_nothing_on_the_package(tmp_path):
    output = check_config(tmp_path, PACKAGE.read_text())
    assert "Successful config (all)" in output, output
    assert "id: puzzlesecretary_wednesday_update_todo" in output
    # check_config exits 0 even when it logs errors: the output is what counts.
    assert not re.search(r"ERROR|Failed config|Invalid config", output), output


def test_check_config_would_catch_the_plural_syntax_2024_3_rejects(tmp_path):
    broken = PACKAGE.read_text().replace("    trigger:\n      - platform: time", "    triggers:\n      - platform: time", 1)
    assert broken != PACKAGE.read_text()
    output = check_config(tmp_path, broken)
    assert re.search(r"ERROR|Invalid config", output), output


def test_automations_use_the_singular_syntax_both_old_and_new_releases_accept():
    for automation in PACKAGE_YAML["automation"]:
        assert "trigger" in automation and "action" in automation
        assert not {"triggers", "conditions", "actions"} & set(automation)


def test_the_inputs_are_documented_at_the_top():
    head = PACKAGE.read_text().split("input_text:", 1)[0]
    assert "input_text.puzzlesecretary_todo_list" in head
    assert "input_text.puzzlesecretary_phone" in head


# The ingests received an hour ago by the wall clock: the silence alert's template reads now(), and
# triggers-hold asks it at the real time (a fixed date here made every case hold two days later).
RECEIVED = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
SENSORS = {
    "sensor.puzzlevm_memory_used": ("50.0", {}),
    "sensor.puzzlevm_cpu_usage": ("20.0", {}),
    "sensor.puzzlevm_root_disk_used": ("60.0", {}),
    "sensor.puzzlevm_data_disk_used": ("10.0", {}),
    "sensor.puzzlevm_pending_container_updates": ("0", {"containers": ""}),
    "sensor.puzzlevm_signal_ingest_last_receive": (RECEIVED, {}),
    "sensor.puzzlevm_whatsapp_ingest_last_receive": (RECEIVED, {}),
    "binary_sensor.puzzlevm_whatsapp_session": ("on", {}),
    "binary_sensor.puzzlevm_update_check_stale": ("off", {}),
    "binary_sensor.puzzlevm_update_check_failed": ("off", {}),
}
WEDNESDAY_8 = "2026-12-02T08:00:00+00:00"


def run_automations(runs: list[dict]) -> list[dict]:
    """Each run's service calls to the phone and the real to-do list's items after it."""
    result = hass_helper("automations", {"package": str(PACKAGE), "initial_states": SENSORS, "runs": runs})
    return result["runs"]


TODO_ITEM = {"summary": "Update these containers: signal-ingest, web", "status": "needs_action", "due": "2026-12-02",
             "description": "On the server: podman auto-update, then check that the board loads."}


def test_on_wednesday_the_todo_lists_exactly_the_pending_containers_with_a_due_date(mosquitto, check_file):
    # From a sample auto-update output, through the exporter, Telegraf's shape, MQTT and the
    # sensor templates, to the automation's item on a real Local To-do list.
    sensor = publish_and_render(mosquitto, updater_metrics_as_telegraf(check_file, "pending.json"))[
        "sensors"]["PuzzleVM pending container updates"]
    (run,) = run_automations([{
        "automation": "puzzlesecretary_wednesday_update_todo", "now": WEDNESDAY_8, "trigger": {"platform": "time"},
        "states": {"sensor.puzzlevm_pending_container_updates": [sensor["state"], sensor["attributes"]]},
    }])
    assert run["todo"] == [TODO_ITEM]
    assert run["calls"] == []


def test_the_wednesday_todo_is_not_added_when_nothing_is_pending_or_on_other_days_or_twice():
    pending = {"sensor.puzzlevm_pending_container_updates": ["2", {"containers": "signal-ingest,web"}]}
    nothing = {"sensor.puzzlevm_pending_container_updates": ["0", {"containers": ""}]}
    stale = {"sensor.puzzlevm_pending_container_updates": ["unavailable", {}]}
    one_more = {"sensor.puzzlevm_pending_container_updates": ["3", {"containers": "signal-ingest,web,telegraf"}]}
    runs = run_automations([
        {"automation": "puzzlesecretary_wednesday_update_todo", "now": WEDNESDAY_8, "states": nothing},
        {"automation": "puzzlesecretary_wednesday_update_todo", "now": WEDNESDAY_8, "states": stale},
        {"automation": "puzzlesecretary_wednesday_update_todo", "now": "2026-12-03T08:00:00+00:00", "states": pending},
        {"automation": "puzzlesecretary_wednesday_update_todo", "now": WEDNESDAY_8, "states": pending},
        {"automation": "puzzlesecretary_wednesday_update_todo", "now": "2026-12-09T08:00:00+00:00", "states": pending},
        {"automation": "puzzlesecretary_wednesday_update_todo", "now": "2026-12-09T08:00:00+00:00", "states": one_more},
    ])
    assert [run["todo"] for run in runs[:3]] == [[], [], []]
    assert runs[3]["todo"] == [TODO_ITEM]
    assert runs[4]["todo"] == [TODO_ITEM]  # still open from last week: not added again
    assert [item["summary"] for item in runs[5]["todo"]] == [
        TODO_ITEM["summary"], "Update these containers: signal-ingest, telegraf, web"]
    assert AUTOMATIONS["puzzlesecretary_wednesday_update_todo"]["trigger"] == [{"platform": "time", "at": "08:00:00"}]


CRITICAL = {"push": {"sound": {"name": "default", "critical": 1, "volume": 1.0}}, "ttl": 0, "priority": "high",
            "channel": "alarm_stream"}


@pytest.mark.parametrize(
    "automation, entity, below, above, minutes",
    [
        ("puzzlesecretary_memory_high", "sensor.puzzlevm_memory_used", "90.0", "90.1", 5),
        ("puzzlesecretary_cpu_high", "sensor.puzzlevm_cpu_usage", "90.0", "90.1", 10),
        ("puzzlesecretary_disk_full", "sensor.puzzlevm_root_disk_used", "85.0", "85.1", 5),
        ("puzzlesecretary_disk_full", "sensor.puzzlevm_data_disk_used", "85.0", "85.1", 5),
    ],
)
def test_resource_alerts_fire_above_their_thresholds_as_critical_phone_alerts(automation, entity, below, above, minutes):
    base = {name: state for name, (state, _) in SENSORS.items()}
    result = hass_helper("triggers-hold", {"package": str(PACKAGE), "cases": [
        {"states": {**base, entity: below}}, {"states": {**base, entity: above}}, {"states": base}]})
    assert result["results"] == [[], [automation], []]
    (trigger,) = AUTOMATIONS[automation]["trigger"]
    assert trigger["for"] == f"00:{minutes:02d}:00"
    (run,) = run_automations([{
        "automation": automation, "skip_condition": True, "states": {entity: [above, {"friendly_name": "X"}]},
        "trigger": {"platform": "numeric_state", "to_state": entity},
    }])
    calls = run["calls"]
    assert [call["service"] for call in calls] == ["notify.mobile_app_my_phone"]
    assert calls[0]["data"]["data"] == CRITICAL
    assert above in calls[0]["data"]["message"]


def test_metrics_stopped_alert_fires_when_the_sensors_are_unavailable_for_10_minutes():
    base = {name: state for name, (state, _) in SENSORS.items()}
    result = hass_helper("triggers-hold", {"package": str(PACKAGE), "cases": [
        {"states": {**base, "sensor.puzzlevm_memory_used": "unavailable"}},
        {"states": {**base, "sensor.puzzlevm_memory_used": "unknown"}},
    ]})
    # "unavailable" also makes the memory threshold false: only the silence alert holds.
    assert result["results"] == [["puzzlesecretary_metrics_stopped"], []]
    assert AUTOMATIONS["puzzlesecretary_metrics_stopped"]["trigger"][0]["for"] == "00:10:00"
    (run,) = run_automations([{"automation": "puzzlesecretary_metrics_stopped", "skip_condition": True,
                               "trigger": {"platform": "state", "to_state": "sensor.puzzlevm_memory_used"}}])
    calls = run["calls"]
    assert calls[0]["service"] == "notify.mobile_app_my_phone"
    assert calls[0]["data"]["data"] == CRITICAL


def test_ingest_alert_fires_after_two_days_without_a_receive():
    now = datetime.now(timezone.utc).timestamp()
    iso = lambda seconds_ago: datetime.fromtimestamp(now - seconds_ago, timezone.utc).isoformat()  # noqa: E731
    base = {name: state for name, (state, _) in SENSORS.items()}
    base["sensor.puzzlevm_signal_ingest_last_receive"] = iso(60)
    base["sensor.puzzlevm_whatsapp_ingest_last_receive"] = iso(60)
    result = hass_helper("triggers-hold", {"package": str(PACKAGE), "cases": [
        {"states": base},
        {"states": {**base, "sensor.puzzlevm_signal_ingest_last_receive": iso(2 * 86400 - 600)}},
        {"states": {**base, "sensor.puzzlevm_signal_ingest_last_receive": iso(2 * 86400 + 600)}},
        {"states": {**base, "sensor.puzzlevm_whatsapp_ingest_last_receive": "unavailable"}},
    ]})
    assert result["results"] == [[], [], ["puzzlesecretary_ingest_silent"], ["puzzlesecretary_ingest_silent"]]
    (run,) = run_automations([{"automation": "puzzlesecretary_ingest_silent", "skip_condition": True,
                               "trigger": {"platform": "template", "id": "Signal"}}])
    calls = run["calls"]
    assert calls[0]["service"] == "notify.mobile_app_my_phone"
    assert calls[0]["data"]["title"] == "PuzzleSecretary Signal ingest"
    assert "data" not in calls[0]["data"]  # a heads-up, not a critical alert


def test_whatsapp_session_and_update_check_alerts_fire_on_their_states():
    base = {name: state for name, (state, _) in SENSORS.items()}
    result = hass_helper("triggers-hold", {"package": str(PACKAGE), "cases": [
        {"states": {**base, "binary_sensor.puzzlevm_whatsapp_session": "off"}},
        {"states": {**base, "binary_sensor.puzzlevm_update_check_stale": "on"}},
        {"states": {**base, "binary_sensor.puzzlevm_update_check_failed": "on"}},
    ]})
    assert result["results"] == [["puzzlesecretary_whatsapp_session_down"], ["puzzlesecretary_update_check_problem"],
                                 ["puzzlesecretary_update_check_problem"]]
