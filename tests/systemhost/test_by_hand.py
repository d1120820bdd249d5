"""The README's by-hand steps of the operator's week, as written, on the booted host: a backup of
the score volume, and pinning the web to a release with a drop-in (then following latest again)."""

from __future__ import annotations

import json

import pytest
from systemhost.deployment import IMAGE_PREFIX, QUADLETS, as_app, http, inspect, push, unit_show

pytestmark = pytest.mark.slow

WRITERS = "signal-ingest.service whatsapp-ingest.service"
PIN = f"{QUADLETS}/web.container.d/pin.conf"


def version(machine) -> str:
    return inspect(machine, "web")["Config"]["Labels"]["org.opencontainers.image.version"]


def test_a_backup_holds_the_database_and_the_export_every_score(deployed, machine):
    as_app(machine, f"systemctl --user stop {WRITERS}")
    # The web keeps serving while the writers are stopped.
    assert http(machine, "http://127.0.0.1:5000/healthz") == (200, "ok\n")
    as_app(machine, "podman volume export puzzlesecretary-data > scores-$(date +%F).tar")
    as_app(machine, f"systemctl --user start {WRITERS}")
    assert all(unit_show(machine, unit, "ActiveState")["ActiveState"] == "active" for unit in WRITERS.split())
    listing = as_app(machine, "tar -tf scores-$(date +%F).tar").stdout.split()
    assert "./puzzlesecretary.db" in listing or "puzzlesecretary.db" in listing, listing

    as_app(machine, "podman exec web puzzlesecretary export > scores.jsonl")
    rows = [json.loads(line) for line in as_app(machine, "cat scores.jsonl").stdout.splitlines()]
    # The fakes' shares of today: Signal's demo morning and WhatsApp's catch-up.
    assert {"Alice", "Bob", "Carol", "Dave"} <= {row["player"] for row in rows}, rows
    assert {row["game"] for row in rows} == {"wordle"}
    assert {row["platform"] for row in rows} == {"signal", "whatsapp"}


def test_a_pin_drop_in_holds_the_web_on_a_release_until_it_is_deleted(deployed, machine, web_images):
    latest = version(machine)
    push(machine, web_images["new"], f"{IMAGE_PREFIX}/puzzlesecretary-web:v-test-pinned")
    as_app(machine, f"mkdir -p {QUADLETS}/web.container.d && cat > {PIN}",
           input=f"[Container]\nImage={IMAGE_PREFIX}/puzzlesecretary-web:v-test-pinned\n")
    as_app(machine, "systemctl --user daemon-reload && systemctl --user restart web.service")
    assert version(machine) == "test-next"
    assert http(machine, "http://127.0.0.1:5000/healthz") == (200, "ok\n")

    as_app(machine, f"rm {PIN} && systemctl --user daemon-reload && systemctl --user restart web.service")
    assert version(machine) == latest
    assert http(machine, "http://127.0.0.1:5000/healthz") == (200, "ok\n")
