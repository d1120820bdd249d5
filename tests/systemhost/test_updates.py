"""`podman auto-update` for real on the booted host (issue 17): the check timer's dry-run file,
updater-metrics' pending count, an update that restarts only the web, and a rollback."""

from __future__ import annotations

import json
import re
import time

import pytest
from systemhost.deployment import (
    CHECK_FILE,
    IMAGE_PREFIX,
    app_podman,
    as_app,
    derived_image,
    host_podman,
    http,
    inspect,
    metrics,
    push,
    unit_show,
)
from systemhost.machine import MachineError

pytestmark = pytest.mark.slow

WEB = f"{IMAGE_PREFIX}/puzzlesecretary-web:latest"
CONTAINERS = ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics", "signal-api", "waha")
# The timer waits 5 minutes after boot and then 6 hours; the test lets it fire at once instead.
# Everything else about it (its service, script and file) is as installed.
SOON = "[Timer]\nOnActiveSec=1s\nRandomizedDelaySec=0\n"


def check_by_the_timer(machine) -> dict:
    """Let auto-update-check.timer fire once; the file its service wrote."""
    dropins = "~/.config/systemd/user/auto-update-check.timer.d"
    as_app(machine, f"mkdir -p {dropins} && cat > {dropins}/test-soon.conf", input=SOON)
    started = time.time()
    as_app(machine, "systemctl --user daemon-reload && systemctl --user restart auto-update-check.timer")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = as_app(machine, f"cat {CHECK_FILE}", check=False)
        if done.returncode == 0 and json.loads(done.stdout)["checked_at"] >= int(started):
            shown = unit_show(machine, "auto-update-check.service", "Result", "TriggeredBy")
            assert shown == {"Result": "success", "TriggeredBy": "auto-update-check.timer"}, shown
            return json.loads(done.stdout)
        time.sleep(1)
    raise MachineError(f"auto-update-check.timer wrote no new {CHECK_FILE} in 120 s")


def updated(result: dict) -> dict[str, str]:
    return {row["ContainerName"]: row["Updated"] for row in result["output"]}


def pending_served(machine, count: int) -> str:
    """Wait for updater-metrics (which re-reads the file every 30 s) to serve `count` pending."""
    deadline = time.monotonic() + 90
    served = ""
    while time.monotonic() < deadline:
        served = metrics(machine)
        if re.search(rf"^puzzlesecretary_autoupdate_pending_updates {count}(\.0)?$", served, re.M):
            return served
        time.sleep(3)
    raise AssertionError(f"updater-metrics never served {count} pending:\n{served}")


def container_ids(machine) -> dict[str, str]:
    return {name: inspect(machine, name)["Id"] for name in CONTAINERS}


def auto_update(machine) -> dict[str, str]:
    """The operator's Wednesday `podman auto-update`; its report by container."""
    done = app_podman(machine, "auto-update", "--format", "json", timeout=900)
    return {row["ContainerName"]: row["Updated"] for row in json.loads(done.stdout)}


@pytest.fixture(scope="module")
def images(host_images, tmp_path_factory):
    """A new web image (only its version label differs) and a broken one (its healthcheck fails)."""
    web = host_images["web"]
    tag = web.rpartition(":")[2]
    new = derived_image(web, f"{tag}-next", "LABEL org.opencontainers.image.version=test-next\n", tmp_path_factory.mktemp("next"))
    broken = derived_image(
        new, f"{tag}-broken",
        "ENV HEALTHCHECK_URL=http://127.0.0.1:5000/no-such-page\nLABEL org.opencontainers.image.version=test-broken\n",
        tmp_path_factory.mktemp("broken"),
    )
    yield {"new": new, "broken": broken}
    for image in (broken, new):
        host_podman("rmi", "--force", image)


def test_the_check_timer_writes_the_dry_run_and_updater_metrics_serves_it(deployed, machine):
    result = check_by_the_timer(machine)
    assert result["exit_code"] == 0
    assert updated(result) == dict.fromkeys(CONTAINERS, "false")
    served = pending_served(machine, 0)
    assert re.search(r"^puzzlesecretary_autoupdate_stale 0(\.0)?$", served, re.M)


def test_a_new_web_image_is_pending_then_auto_update_restarts_only_the_web(deployed, machine, images):
    push(machine, images["new"], WEB)
    result = check_by_the_timer(machine)
    assert updated(result) == {**dict.fromkeys(CONTAINERS, "false"), "web": "pending"}
    served = pending_served(machine, 1)
    assert re.search(r'^puzzlesecretary_autoupdate_container_pending\{container="web",.*\} 1(\.0)?$', served, re.M), served

    before = container_ids(machine)
    assert auto_update(machine) == {**dict.fromkeys(CONTAINERS, "false"), "web": "true"}
    after = container_ids(machine)
    assert [name for name in CONTAINERS if before[name] != after[name]] == ["web"]
    assert inspect(machine, "web")["Config"]["Labels"]["org.opencontainers.image.version"] == "test-next"
    assert http(machine, "http://127.0.0.1:5000/healthz") == (200, "ok\n")


def test_an_image_whose_healthcheck_fails_is_rolled_back(deployed, machine, images):
    push(machine, images["broken"], WEB)
    assert auto_update(machine) == {**dict.fromkeys(CONTAINERS, "false"), "web": "rolled back"}
    web = inspect(machine, "web")
    assert web["Config"]["Labels"]["org.opencontainers.image.version"] == "test-next"
    assert web["State"]["Health"]["Status"] == "healthy"
    assert unit_show(machine, "web.service", "ActiveState")["ActiveState"] == "active"
    assert http(machine, "http://127.0.0.1:5000/healthz") == (200, "ok\n")
    # The broken image is still the registry's newest: it stays on the operator's list.
    assert updated(check_by_the_timer(machine))["web"] == "pending"
    pending_served(machine, 1)
