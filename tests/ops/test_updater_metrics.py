"""updater-metrics on every shape podman auto-update really prints, read back with
prometheus_client's own parser, plus the host script that writes the file."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from ops.opskit import CHECK_SCRIPT, free_port, run_check
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from puzzlesecretary.config import ConfigError, load
from puzzlesecretary.health import BackgroundServer
from puzzlesecretary_updater_metrics import metrics as m
from puzzlesecretary_updater_metrics.main import Exporter
from puzzlesecretary_updater_metrics.report import ReportError, parse_report
from puzzlesecretary_updater_metrics.server import make_app
from puzzlesecretary_updater_metrics.settings import SETTINGS
from puzzlesecretary_updater_metrics.snapshot import INVALID, MISSING, UNREADABLE, read_file

STALE_AFTER = 46800


def scrape(path: Path, now: float | None = None, stale_after: float = STALE_AFTER) -> dict:
    """Serve the file over real HTTP once and parse the text back: {name: {labels: value}}."""
    settings = load(SETTINGS, {"AUTO_UPDATE_FILE": str(path), "STALE_AFTER_SECONDS": str(int(stale_after))})
    exporter = Exporter(settings)
    exporter.refresh()
    registry = exporter.registry()
    if now is not None:
        registry = CollectorRegistry()
        registry.register(m.SnapshotCollector(lambda: exporter.snapshot, stale_after, clock=lambda: now))
    server = BackgroundServer("127.0.0.1", 0, make_app(registry, lambda: exporter.refreshed_at, 30)).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=5) as response:
            text = response.read().decode()
    finally:
        server.stop()
    parsed: dict[str, dict] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            parsed.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return parsed


def value(parsed: dict, name: str, **labels) -> float:
    return parsed[name][tuple(sorted(labels.items()))]


def test_it_counts_the_pending_containers_and_names_them(check_file):
    parsed = scrape(check_file("pending.json"))
    assert value(parsed, m.PENDING_UPDATES) == 2
    assert value(parsed, m.PENDING_INFO, containers="signal-ingest,web") == 1
    assert value(parsed, m.CONTAINER_PENDING, container="web", image="ghcr.io/puzzlesecretary/web:latest",
                 unit="web.service") == 1
    assert value(parsed, m.CONTAINER_PENDING, container="telegraf", image="docker.io/library/telegraf:1.39",
                 unit="telegraf.service") == 0
    assert len(parsed[m.CONTAINER_PENDING]) == 5
    assert value(parsed, m.LAST_CHECK_SUCCESS) == 1
    assert value(parsed, m.LAST_CHECK_EXIT_CODE) == 0
    assert value(parsed, m.STALE) == 0
    assert value(parsed, m.FILE_VALID) == 1
    assert abs(value(parsed, m.LAST_CHECK) - time.time()) < 60
    assert 0 <= value(parsed, m.FILE_AGE) < 60


def test_it_reports_zero_pending_when_everything_is_up_to_date(check_file):
    parsed = scrape(check_file("up-to-date.json"))
    assert value(parsed, m.PENDING_UPDATES) == 0
    assert value(parsed, m.PENDING_INFO, containers="") == 1
    assert value(parsed, m.LAST_CHECK_SUCCESS) == 1


def test_it_reads_empty_podman_output_as_no_labelled_container(check_file):
    out = check_file("empty.json")
    assert json.loads(out.read_text())["output"] == []
    parsed = scrape(out)
    assert value(parsed, m.PENDING_UPDATES) == 0
    assert m.CONTAINER_PENDING not in parsed
    assert value(parsed, m.STALE) == 0


def test_it_keeps_the_rows_of_a_failed_check_and_marks_it_unsuccessful(check_file):
    parsed = scrape(check_file("failed.json", exit_code=125, stderr="Error: pulling signal-ingest: 429 Too Many Requests"))
    assert value(parsed, m.LAST_CHECK_EXIT_CODE) == 125
    assert value(parsed, m.LAST_CHECK_SUCCESS) == 0
    assert value(parsed, m.PENDING_UPDATES) == 1
    assert value(parsed, m.PENDING_INFO, containers="web") == 1
    assert value(parsed, m.FAILED_CONTAINERS) == 1


def test_it_treats_a_non_zero_exit_without_output_as_a_failed_check(check_file):
    parsed = scrape(check_file("empty.json", exit_code=125, stderr="Error: connecting to dbus"))
    assert value(parsed, m.LAST_CHECK_SUCCESS) == 0
    assert value(parsed, m.LAST_CHECK_EXIT_CODE) == 125


def test_it_counts_true_and_rolled_back_rows_but_only_pending_as_pending(check_file):
    parsed = scrape(check_file("applied.json", exit_code=0))
    assert value(parsed, m.PENDING_UPDATES) == 0
    assert value(parsed, m.FAILED_CONTAINERS) == 1
    assert value(parsed, m.LAST_CHECK_SUCCESS) == 0
    assert value(parsed, m.CONTAINER_PENDING, container="web", image="ghcr.io/puzzlesecretary/web:latest",
                 unit="web.service") == 0


def test_it_takes_the_name_from_the_container_column_when_container_name_is_absent(check_file):
    parsed = scrape(check_file("container-column-only.json"))
    assert value(parsed, m.PENDING_INFO, containers="signal-ingest,web") == 1
    assert value(parsed, m.PENDING_UPDATES) == 2


def test_a_stale_file_withholds_pending_counts_instead_of_reporting_zero(check_file):
    out = check_file("pending.json")
    checked_at = json.loads(out.read_text())["checked_at"]
    parsed = scrape(out, now=checked_at + STALE_AFTER + 1)
    assert value(parsed, m.STALE) == 1
    assert m.PENDING_UPDATES not in parsed
    assert m.PENDING_INFO not in parsed
    assert m.CONTAINER_PENDING not in parsed
    assert value(parsed, m.FILE_AGE) == STALE_AFTER + 1
    assert value(parsed, m.LAST_CHECK) == checked_at


def test_a_missing_file_shows_as_stale_and_not_as_zero_pending(tmp_path):
    parsed = scrape(tmp_path / "never-written.json")
    assert value(parsed, m.STALE) == 1
    assert value(parsed, m.FILE_VALID) == 0
    assert set(parsed) == {m.STALE, m.FILE_VALID}


@pytest.mark.parametrize(
    "content, complaint",
    [
        ('{"format":1,"checked_at":1764230400,"exit_code":0,"output":[', "not JSON"),
        ("[]", "must be a JSON object"),
        ('{"format":2,"checked_at":1764230400,"exit_code":0,"output":[]}', "format=2"),
        ('{"format":1,"exit_code":0,"output":[]}', "checked_at=None"),
        ('{"format":1,"checked_at":"yesterday","exit_code":0,"output":[]}', "checked_at='yesterday'"),
        ('{"format":1,"checked_at":1764230400,"exit_code":"0","output":[]}', "exit_code='0'"),
        ('{"format":1,"checked_at":1764230400,"exit_code":0,"output":{"Updated":"pending"}}', "JSON array"),
        ('{"format":1,"checked_at":1764230400,"exit_code":0,"output":["web"]}', "output[0] must be an object"),
        ('{"format":1,"checked_at":1764230400,"exit_code":0,"output":[{"ContainerName":"web","Updated":"maybe"}]}',
         "Updated='maybe'"),
        ('{"format":1,"checked_at":1764230400,"exit_code":0,"output":[{"Updated":"pending"}]}',
         "neither ContainerName nor Container"),
        ('{"format":1,"checked_at":1764230400,"exit_code":0,"output":[{"ContainerName":7,"Updated":"pending"}]}',
         "ContainerName must be a string"),
    ],
)
def test_it_rejects_a_broken_file_with_a_clear_reason_and_reports_it_stale(tmp_path, content, complaint):
    with pytest.raises(ReportError, match=re.escape(complaint)):
        parse_report(content)
    path = tmp_path / "auto-update.json"
    path.write_text(content)
    snapshot = read_file(path)
    assert snapshot.state == INVALID
    assert complaint in snapshot.problem
    parsed = scrape(path)
    assert value(parsed, m.STALE) == 1
    assert value(parsed, m.FILE_VALID) == 0
    assert m.PENDING_UPDATES not in parsed


def test_an_unreadable_path_is_reported_not_raised(tmp_path):
    snapshot = read_file(tmp_path)  # a directory where the file should be
    assert snapshot.state == UNREADABLE
    assert str(tmp_path) in snapshot.problem
    assert read_file(tmp_path / "nope.json").state == MISSING


def test_the_host_script_writes_a_valid_envelope_from_the_real_podman(tmp_path):
    """The real podman here has no labelled container; whatever it says must parse."""
    out = tmp_path / "auto-update.json"
    result = run_check(out, "podman")
    assert result.returncode == 0, result.stderr
    report = parse_report(out.read_bytes())
    assert report.rows == ()
    assert abs(report.checked_at - time.time()) < 120
    assert [p.name for p in tmp_path.iterdir()] == ["auto-update.json"]


def test_the_host_script_keeps_the_old_file_until_the_new_one_is_complete(tmp_path, check_file):
    out = check_file("pending.json")
    before = out.read_text()
    # A podman that is killed mid-way: the script's rename never happens.
    podman = tmp_path / "slow-podman"
    podman.write_text("#!/bin/sh\nkill -TERM $PPID\nsleep 1\n")
    podman.chmod(0o755)
    subprocess.run(["/bin/sh", str(CHECK_SCRIPT)], env={**os.environ, "AUTO_UPDATE_FILE": str(out),
                                                         "PODMAN": str(podman)}, capture_output=True, timeout=30)
    assert out.read_text() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["auto-update.json"]


def test_the_host_script_refuses_to_run_without_a_target_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "AUTO_UPDATE_FILE"}
    result = subprocess.run(["/bin/sh", str(CHECK_SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "AUTO_UPDATE_FILE" in result.stderr


@pytest.mark.parametrize(
    "name, raw, complaint",
    [
        ("METRICS_PORT", "0", "METRICS_PORT='0' must be at least 1"),
        ("METRICS_PORT", "http", "METRICS_PORT='http'"),
        ("STALE_AFTER_SECONDS", "10", "STALE_AFTER_SECONDS='10' must be at least 60"),
        ("REFRESH_SECONDS", "-1", "REFRESH_SECONDS='-1'"),
        ("AUTO_UPDATE_FILE", " ", "AUTO_UPDATE_FILE=' ' must not be empty"),
    ],
)
def test_it_names_the_bad_setting(name, raw, complaint):
    with pytest.raises(ConfigError, match=re.escape(complaint)):
        load(SETTINGS, {name: raw})


def test_the_command_serves_metrics_and_healthz_and_stops_on_sigterm(check_file):
    out = check_file("pending.json")
    port = free_port()
    env = {**os.environ, "AUTO_UPDATE_FILE": str(out), "METRICS_HOST": "127.0.0.1", "METRICS_PORT": str(port),
           "REFRESH_SECONDS": "1"}
    command = Path(sys.executable).parent / "puzzlesecretary-updater-metrics"
    process = subprocess.Popen([str(command)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "the exporter never became healthy"
                time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
        names = {f.name for f in text_string_to_metric_families(text)}
        assert {m.PENDING_UPDATES, m.PENDING_INFO, m.STALE, m.LAST_CHECK} <= names
        # The file changes under it: the next refresh picks the new content up.
        check_file("up-to-date.json")
        deadline = time.monotonic() + 10
        while "puzzlesecretary_autoupdate_pending_updates 0.0" not in text:
            assert time.monotonic() < deadline, "the exporter never re-read the file"
            time.sleep(0.2)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
                text = response.read().decode()
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing-here", timeout=5)
        assert error.value.code == 404
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_the_command_exits_with_the_bad_setting_named():
    command = Path(sys.executable).parent / "puzzlesecretary-updater-metrics"
    result = subprocess.run([str(command)], env={**os.environ, "METRICS_PORT": "99999"},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "METRICS_PORT='99999' must be at most 65535" in result.stderr


def test_healthz_turns_unhealthy_when_the_refresh_loop_stops():
    clock = [1000.0]
    app = make_app(CollectorRegistry(), lambda: 1000.0, 30, clock=lambda: clock[0])
    server = BackgroundServer("127.0.0.1", 0, app).start()
    try:
        url = f"http://127.0.0.1:{server.port}/healthz"
        assert urllib.request.urlopen(url, timeout=5).status == 200
        clock[0] = 1000.0 + 3 * 30 + 6
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(url, timeout=5)
        assert error.value.code == 503
    finally:
        server.stop()



def test_every_metric_name_is_documented_for_telegraf_and_home_assistant():
    docs = (CHECK_SCRIPT.parents[1] / "docs" / "ops.md").read_text()
    for name in m.NAMES:
        assert f"`{name}`" in docs, name


def test_a_container_listed_twice_counts_once(tmp_path):
    rows = json.loads((CHECK_SCRIPT.parents[1] / "tests" / "ops" / "autoupdate" / "pending.json").read_text())
    path = tmp_path / "auto-update.json"
    path.write_text(json.dumps({"format": 1, "checked_at": time.time(), "exit_code": 0, "output": rows + rows[:1]}))
    parsed = scrape(path)
    assert value(parsed, m.PENDING_UPDATES) == 2
    assert value(parsed, m.PENDING_INFO, containers="signal-ingest,web") == 1
    assert len(parsed[m.CONTAINER_PENDING]) == 5
