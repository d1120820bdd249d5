"""The Home Assistant package on Home Assistant 2026.11 (Python 3.14, in the forky rootfs of
tests/setup/45-hass-forky.sh): its check_config, then one live Home Assistant set up as a user
would (onboarding, then the MQTT and Local To-do integrations through their config flows) with a
real Mosquitto broker. Telegraf's messages, made from the real updater-metrics exporter's
output, drive the 17 entities; HA's own clock (moved forward by libfaketime) reaches Wednesday
08:00 for the to-do and then runs out expire_after for the metrics-stopped alert."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from ops.hasslive import CRITICAL, Phone, config_dir, next_wednesday, running_home_assistant, wednesday_todo
from ops.hassroot import check_config
from ops.opskit import PACKAGE, run_check, stand_in_podman
from ops.telegraf_feed import expected_states, exporter_exposition

# Errors a bare Home Assistant logs here whatever the configuration: default integrations that
# need what this rootfs does not have (ffmpeg, libturbojpeg, a compiler for assist_pipeline's
# pymicro-vad and pyspeex-noise, which have no Python 3.14 wheels). Any other ERROR fails.
ENVIRONMENT_ERRORS = re.compile(
    r"\[haffmpeg\.core\] FFmpeg fails|\[homeassistant\.components\.camera\.img_util\] Error loading libturbojpeg"
    r"|Setup failed for '?assist_pipeline'?|dependencies of '?assist_satellite'?|'assist_satellite': Could not setup"
    r"|Error during setup of component assist_pipeline|No module named 'pymicro_vad'|No module named 'pyspeex_noise'")


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r"\bERROR\b|Invalid config|Failed config", line)]


# check_config ------------------------------------------------------------------------------

def test_check_config_of_2026_11_finds_nothing_wrong_in_the_package(tmp_path):
    config_dir(tmp_path, PACKAGE.read_text())
    output = check_config(tmp_path)
    assert "Successful config (all)" in output, output
    assert "id: puzzlesecretary_wednesday_update_todo" in output
    # check_config exits 0 even when it logs errors: the output is what counts.
    assert errors(output) == [], output


@pytest.mark.parametrize("typo", [("    condition:\n      - condition: time", "    conditon:\n      - condition: time"),
                                  ("      - platform: time\n", "      - platform: tmie\n"),
                                  ("    initial: todo.ops", "    intial: todo.ops")])
def test_check_config_of_2026_11_reports_a_typo_outside_mqtt(tmp_path, typo):
    broken = PACKAGE.read_text().replace(*typo, 1)
    assert broken != PACKAGE.read_text()
    config_dir(tmp_path, broken)
    assert errors(check_config(tmp_path)), f"check_config missed {typo[1]!r}"


# The live run ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with running_home_assistant(tmp_path_factory.mktemp("hass2026")) as run:
        yield run


def test_home_assistant_2026_11_shows_every_entity_with_the_state_telegrafs_messages_give(live):
    expected = None

    def arrived():
        # Telegraf publishes every minute and does not retain: publish until HA has subscribed.
        nonlocal expected
        live.feed()
        expected = expected_states(int(live.last_feed), int(live.last_feed) - 60)
        return live.states() == expected or None

    try:
        live.hass.wait_for(arrived, timeout=90, what="the 17 entities' states")
    except AssertionError:
        assert live.states() == expected  # shows which entity differs
    assert len(expected) == 17
    attributes = live.hass.states()["sensor.puzzlevm_pending_container_updates"]["attributes"]
    assert attributes["containers"] == "signal-ingest,web"


def test_the_live_log_has_no_error_and_no_invalid_config(live):
    found = [line for line in errors(live.hass.output()) if not ENVIRONMENT_ERRORS.search(line)]
    assert found == []


@pytest.mark.parametrize("typo", ["expire_aftr: 300", "stat_topic: telegraf/puzzlevm/cpu", "value_templat: x"])
def test_a_misspelled_mqtt_key_is_refused_by_a_live_mqtt_reload(live, typo):
    # check_config accepts these (see the test above it passes); only the MQTT integration's
    # own reload, on a running HA, validates the entries. The package goes back afterwards.
    package = live.shared / "config" / "packages" / "puzzlesecretary.yaml"
    key = typo.split(":")[0]
    broken = PACKAGE.read_text().replace("      expire_after: 300\n", f"      {typo}\n      expire_after: 300\n", 1)
    try:
        package.write_text(broken)
        status, answer = live.hass.call("mqtt", "reload", {})
        assert status == 400 and key in str(answer), answer
    finally:
        shutil.copyfile(PACKAGE, package)
    status, answer = live.hass.call("mqtt", "reload", {})
    assert status == 200, answer


def test_on_wednesday_at_8_the_todo_lists_exactly_the_pending_containers(live):
    assert live.todo() == []
    live.hass.set_clock(next_wednesday(7, 59) + timedelta(seconds=45))
    live.feed_until_subscribed()
    items = live.hass.wait_for(live.todo, timeout=60, what="the Wednesday to-do item")
    wednesday = datetime.fromtimestamp(live.hass.now(), UTC).date().isoformat()
    assert [(item["summary"], item["status"], item["due"]) for item in items] == [
        ("Update these containers: signal-ingest, web", "needs_action", wednesday)]
    assert items[0]["description"] == "On the server: podman auto-update, then check that the board loads."


def test_when_telegraf_stops_the_entities_expire_and_the_phone_gets_a_critical_alert(live):
    assert live.last_feed, "runs after a feed"
    Phone.received.clear()
    # expire_after is 300 s after the last message ...
    live.hass.set_clock(datetime.fromtimestamp(live.last_feed + 310, UTC))
    live.hass.wait_for(lambda: set(live.states().values()) == {"unavailable"}, timeout=30, what="the entities to expire")
    assert Phone.received == []
    # ... and the alert waits 10 minutes of "unavailable".
    live.hass.set_clock(datetime.fromtimestamp(live.last_feed + 310 + 610, UTC))
    live.hass.wait_for(lambda: Phone.received, timeout=30, what="the phone alert")
    (alert,) = Phone.received
    assert alert["title"] == "PuzzleVM is silent"
    assert alert["message"].startswith("No metrics for 15 minutes")
    assert alert["data"] == CRITICAL


def test_wednesday_todo_turns_any_updater_metrics_exposition_into_its_item(tmp_path):
    # What a booted host's updater-metrics serves can be handed over as text: here the real
    # exporter's on a check where web is pending and signal-ingest failed.
    envelope = tmp_path / "state" / "auto-update.json"
    assert run_check(envelope, stand_in_podman(tmp_path, "failed.json", 125)).returncode == 0
    exposition = exporter_exposition(envelope, int(next_wednesday(7, 59).timestamp()))
    items = wednesday_todo(tmp_path / "hass", exposition)
    assert [item["summary"] for item in items] == ["Update these containers: web"]
