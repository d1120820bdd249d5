"""On the booted host, systemd starts every unit in dependency order, the board answers, and a
reboot brings everything back with the data (issue 17, "Start in order")."""

from __future__ import annotations

import re

import pytest
from systemhost import deployment
from systemhost.deployment import STARTED, app_podman, as_app, http, unit_show, wait_active
from systemhost.machine import MachineError

pytestmark = pytest.mark.slow

# unit -> the units it must start after (its Requires=/After=, as the quadlets say).
ORDER = {
    "web.service": ("migrations.service",),
    "signal-ingest.service": ("migrations.service", "signal-cli-rest-api.service"),
    "whatsapp-ingest.service": ("migrations.service", "waha.service"),
}
TIMES = ("ActiveEnterTimestampMonotonic", "InactiveEnterTimestampMonotonic", "Result", "ExecMainStatus")


def ready_at(machine, unit: str) -> int:
    """When `unit` was done starting: a oneshot (migrations) when it finished, others when active."""
    shown = unit_show(machine, unit, *TIMES)
    if unit == "migrations.service":
        assert (shown["Result"], shown["ExecMainStatus"]) == ("success", "0"), shown
        return int(shown["InactiveEnterTimestampMonotonic"])
    return int(shown["ActiveEnterTimestampMonotonic"])


def started_at(machine, unit: str) -> int:
    return int(unit_show(machine, unit, "InactiveExitTimestampMonotonic")["InactiveExitTimestampMonotonic"])


def assert_started_in_order(machine) -> None:
    for unit, before in ORDER.items():
        for dependency in before:
            assert 0 < ready_at(machine, dependency) <= started_at(machine, unit), f"{unit} started before {dependency} was up"


def boards(machine) -> dict[str, str]:
    """Each group's board page, found as the README says: `podman exec web puzzlesecretary groups`."""
    listing = app_podman(machine, "exec", "web", "puzzlesecretary", "groups").stdout
    pages = {}
    # One line a group: name, platform, board URL, state (cli_groups.py), separated by tabs.
    for name, _platform, url, _state in (line.split("\t") for line in listing.splitlines() if line.count("\t") == 3):
        assert url.startswith("http://127.0.0.1:5000/g/"), listing
        status, body = http(machine, url)
        assert status == 200, (url, status)
        pages[name] = body
    return pages


def container_of(machine, unit: str) -> str:
    return app_podman(machine, "ps", "-q", "--filter", f"label=PODMAN_SYSTEMD_UNIT={unit}").stdout.strip()


def test_every_unit_comes_up_after_what_it_requires(deployed, machine):
    assert_started_in_order(machine)
    for unit in STARTED:
        assert unit_show(machine, unit, "ActiveState", "SubState") == {"ActiveState": "active", "SubState": "running"}


def test_the_board_answers_on_loopback_with_both_chats_scores(deployed, machine):
    assert http(machine, "http://127.0.0.1:5000/healthz") == (200, "ok\n")
    pages = boards(machine)
    # The fakes' shares of today: Signal's morning (--demo) and WhatsApp's catch-up (--demo).
    assert {"Puzzlers", "Puzzlers-WA"} <= pages.keys(), pages.keys()
    assert all(name in pages["Puzzlers"] for name in ("Alice", "Bob"))
    assert all(name in pages["Puzzlers-WA"] for name in ("Carol", "Dave"))


def test_the_masked_units_and_the_readme_steps_are_the_ones_run(deployed, machine):
    listing = as_app(machine, "systemctl --user list-units --all --plain --no-legend 'telegraf*' 'cloudflared*'").stdout
    assert all(re.search(rf"^{re.escape(unit)}\s+masked", listing, re.M) for unit in deployment.MASKED), listing
    readme = (deployment.ROOT / "README.md").read_text()
    for line in deployed["ran"]:
        command = line.removeprefix("sudo -iu app: ")
        command = command.replace(deployment.IMAGE_PREFIX, "ghcr.io/<you>")
        if command.startswith("cd puzzlesecretary && "):
            command = command.removeprefix("cd puzzlesecretary && ")
        assert command in readme, f"the README does not show the step the test ran: {command}"


def test_a_reboot_brings_every_unit_back_in_order_with_the_data(deployed, machine):
    before = {name: page for name, page in boards(machine).items()}
    containers = {unit: container_of(machine, unit) for unit in STARTED}
    machine.reboot()
    # Nobody logs in: lingering starts app's systemd, and default.target the units.
    wait_active(machine, STARTED)
    assert_started_in_order(machine)
    after = boards(machine)
    assert after.keys() == before.keys()
    for name in ("Alice", "Bob", "Carol", "Dave"):
        assert any(name in page for page in after.values())
    for unit, old in containers.items():
        new = container_of(machine, unit)
        assert new and new != old, f"{unit}: the same container {old} after a reboot"


def test_a_command_that_fails_in_the_machine_is_reported(machine):
    with pytest.raises(MachineError, match="exited 3"):
        machine.run("exit 3")
