"""The whole system on one host, with real podman: the images `make images` builds, the quadlets
`make install` installs, and the command lines the real quadlet generator makes of them.

A Signal message posted to a fake signal-cli-rest-api (tests/signal_ingest/fake_signal_api.py,
run in a container in the upstream's place, since no registry is reachable) travels through
signal-ingest into the database volume and shows up on the web's board over HTTP; it survives
restarts, and a killed web container comes back under its unit's Restart= policy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import uuid

import pytest
from deploy.podmanhost import Host, Isolation, UnitFailed, http_get, http_post_json, podman, podman_env, wait_for
from deploy.quadletkit import ROOT, generate
from ops.opskit import free_port
from signal_ingest.fake_signal_api import Person, group_post
from signal_ingest.signal_envelopes import rest_group_id

from puzzlesecretary.games import GAMES

pytestmark = pytest.mark.slow

IMAGE_PREFIX = "localhost/puzzlesecretary-e2e"
# A tag of this run's own, so two runs at once (or a leftover) never share or remove images.
IMAGE_TAG = f"test-{uuid.uuid4().hex[:8]}"
SHARED_IMAGE = f"localhost/puzzlesecretary-shared:{IMAGE_TAG}"
BOT_NUMBER = "+4915100000042"
GROUP_INTERNAL_ID = "ZTJlLXB1enpsZXJzLWdyb3VwLWlkLTAwMDAwMDAwMDA="
PLAYER = Person("1b9e4f2c-5d6a-4e7b-8c9d-0a1b2c3d4e5f", "+4915100000777", "Ada Lovelace")
SECOND = Person("7c0d2b1a-9e8f-4a6b-b5c4-d3e2f1a0b9c8", "+4915100000778", "Grace Hopper")
FAKE_PORT_IN_CONTAINER = "8080"


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    """Build every image as `make images` does, under test-only names."""
    env = dict(
        podman_env(),
        IMAGE_PREFIX=IMAGE_PREFIX,
        IMAGE_TAG=IMAGE_TAG,
        PYTHON=str(ROOT / ".venv" / "bin" / "python"),
        CONTEXT_DIR=str(tmp_path_factory.mktemp("image-context")),
    )
    done = subprocess.run(
        ["bash", str(ROOT / "containers" / "build-images.sh")], env=env, capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    built = {
        name: f"{IMAGE_PREFIX}/puzzlesecretary-{name}:{IMAGE_TAG}"
        for name in ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics")
    }
    for image in built.values():
        assert image in done.stdout, f"build-images.sh did not report {image}"
    yield built
    for image in (*built.values(), SHARED_IMAGE):
        done = podman("rmi", "--force", image, check=False)
        if done.returncode != 0:
            print(f"could not remove {image}: {done.stderr.strip()}")


@pytest.fixture(scope="module")
def host(images, tmp_path_factory):
    """A rootless user's home with the quadlets installed by install.sh, and `Host` to run them."""
    home = tmp_path_factory.mktemp("home")
    runtime = tmp_path_factory.mktemp("run")
    env = dict(os.environ, HOME=str(home), SYSTEMD_RELOAD="0", IMAGE_PREFIX=IMAGE_PREFIX, IMAGE_TAG=IMAGE_TAG)
    done = subprocess.run(["bash", str(ROOT / "quadlets" / "install.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    config = home / ".config" / "puzzlesecretary"
    (config / "common.env").write_text("DEFAULT_TIMEZONE=UTC\nLOG_LEVEL=INFO\nPUBLIC_BASE_URL=http://127.0.0.1:5000\n")
    (config / "signal-ingest.env").write_text(
        f"SIGNAL_NUMBER={BOT_NUMBER}\nSIGNAL_GROUP_IDS={GROUP_INTERNAL_ID}\nSIGNAL_POLL_INTERVAL_S=1\nSIGNAL_RECEIVE_TIMEOUT_S=1\n"
    )
    generated = generate(home / ".config" / "containers" / "systemd")
    assert generated.returncode == 0 and generated.problems == [], generated.problems

    prefix = f"e2e{uuid.uuid4().hex[:8]}"
    iso = Isolation(
        prefix,
        ports={"5000": free_port()},
        volumes=("puzzlesecretary-data", "signal-api-data", "waha-data"),
        networks=("puzzlesecretary",),
    )
    fake_port = free_port()
    # The upstream's own unit, with its image and command swapped for the fake: everything
    # else (network, volume, hardening) stays as generated. Its test port is published so
    # the test can queue messages.
    upstream = Host(generated.units, iso, home, runtime).command("signal-cli-rest-api.service")
    image_at = upstream.index("docker.io/bbernhard/signal-cli-rest-api:latest")
    fake = (
        upstream[:image_at]
        + [
            "-v",
            f"{ROOT / 'tests' / 'signal_ingest'}:/fake:ro",
            "--publish",
            f"127.0.0.1:{fake_port}:{FAKE_PORT_IN_CONTAINER}",
            SHARED_IMAGE,
        ]
        + [
            "python3",
            "/fake/fake_signal_api.py",
            "--port",
            FAKE_PORT_IN_CONTAINER,
            "--number",
            BOT_NUMBER,
            "--group",
            f"Puzzlers={GROUP_INTERNAL_ID}",
        ]
    )
    machine = Host(generated.units, iso, home, runtime, replacements={"signal-cli-rest-api.service": fake})
    machine.fake_url = f"http://127.0.0.1:{fake_port}"
    machine.web_url = f"http://127.0.0.1:{iso.ports['5000']}"
    yield machine
    machine.stop_all()
    for name in ("web", "signal-ingest", "updater-metrics", "signal-api", "puzzlesecretary-migrations"):
        podman("rm", "-f", "-i", iso.name(name), check=False)
    for volume in iso.volumes:
        podman("volume", "rm", "-f", iso.name(volume), check=False)
    podman("network", "rm", "-f", iso.name("puzzlesecretary"), check=False)


def wordle_today() -> tuple[int, str]:
    wordle = GAMES["wordle"]
    puzzle = wordle.calendar.puzzle_on(dt.datetime.now(dt.timezone.utc).date())
    return puzzle, f"Wordle {puzzle:,} 3/6\n\n⬛🟨⬛⬛⬛\n🟩⬛🟨⬛⬛\n🟩🟩🟩🟩🟩"


def board_url(host: Host) -> str:
    """The group's board address, from the operator's `puzzlesecretary groups` in a container."""
    iso = host.iso
    done = podman(
        "run",
        "--rm",
        "--ulimit",
        "nofile=1024:1024",
        "--ulimit",
        "nproc=1024:1024",
        "--read-only",
        "-v",
        f"{iso.name('puzzlesecretary-data')}:/data:z",
        f"{IMAGE_PREFIX}/puzzlesecretary-web:{IMAGE_TAG}",
        "puzzlesecretary",
        "groups",
    )
    tokens = re.findall(r"/g/([A-Za-z0-9_-]+)", done.stdout)
    assert len(tokens) == 1, done.stdout
    return f"{host.web_url}/g/{tokens[0]}"


def board_shows(host: Host, url: str, *texts: str):
    status, body = http_get(url)
    return status == 200 and all(t in body for t in texts) and body


def test_a_signal_message_reaches_the_board_and_survives_restarts(host):
    host.start("web.service")
    assert host.wait_healthy("web.service") == "healthy"
    status, body = http_get(f"{host.web_url}/healthz")
    assert (status, body) == (200, "ok\n")

    host.start("signal-ingest.service")
    assert "signal-cli-rest-api.service" in host.active
    host.wait_healthy("signal-ingest.service")

    puzzle, share = wordle_today()
    sent = int(dt.datetime.now(dt.timezone.utc).timestamp() * 1000)
    http_post_json(f"{host.fake_url}/test/inject", [group_post(PLAYER, sent, share, GROUP_INTERNAL_ID, BOT_NUMBER, "Puzzlers")])
    wait_for(
        lambda: json.loads(http_get(f"{host.fake_url}/test/state")[1])["delivered"] == 1,
        60,
        what="signal-ingest to receive the message",
    )

    url = wait_for(lambda: board_url(host), 30, what="the group to be stored")
    page = wait_for(lambda: board_shows(host, url, "Ada Lovelace", "Wordle"), 60, what="the score on the board")
    assert f"{puzzle:,}" in page or str(puzzle) in page

    # Restart the writer and the reader: the score is on the volume, not in a container.
    host.restart("signal-ingest.service")
    host.restart("web.service")
    host.wait_healthy("web.service")
    assert board_shows(host, url, "Ada Lovelace", "Wordle")
    state = json.loads(http_get(f"{host.fake_url}/test/state")[1])
    assert state["delivered"] == 1 and state["queued"] == 0


def sends(host: Host, path: str) -> list[dict]:
    """What the fake upstream took from the bot on `path` (its checked, accepted requests)."""
    taken = json.loads(http_get(f"{host.fake_url}/test/sends")[1])
    return [s for s in taken if s["status"] < 300 and s["path"].startswith(path)]


def test_a_counted_share_gets_a_reaction_and_a_board_command_gets_the_boards_address(host):
    host.start("web.service")
    host.start("signal-ingest.service")
    host.wait_healthy("signal-ingest.service")
    url = wait_for(lambda: board_url(host), 30, what="the group to be stored")
    _, share = wordle_today()
    sent = int(dt.datetime.now(dt.timezone.utc).timestamp() * 1000)
    http_post_json(f"{host.fake_url}/test/inject", [group_post(SECOND, sent, share, GROUP_INTERNAL_ID, BOT_NUMBER, "Puzzlers")])
    mine = lambda: [r for r in sends(host, "/v1/reactions/") if r["body"]["timestamp"] == sent]  # noqa: E731
    (reaction,) = wait_for(mine, 60, what="the reaction on the share")
    assert reaction["method"] == "POST" and reaction["path"] == f"/v1/reactions/{BOT_NUMBER}"
    assert reaction["body"] == {"recipient": rest_group_id(GROUP_INTERNAL_ID), "reaction": "\u2705",
                                "target_author": SECOND.uuid, "timestamp": sent}

    asked = sent + 1000
    command = group_post(SECOND, asked, "!ps board", GROUP_INTERNAL_ID, BOT_NUMBER, "Puzzlers")
    http_post_json(f"{host.fake_url}/test/inject", [command])
    (reply,) = wait_for(lambda: sends(host, "/v2/send"), 60, what="the answer to !ps board")
    assert reply["body"]["recipients"] == [rest_group_id(GROUP_INTERNAL_ID)]
    token = url.rsplit("/g/", 1)[1]
    assert f"http://127.0.0.1:5000/g/{token}" in reply["body"]["message"]
    # Answered once: a restart of the ingest sends nothing again.
    host.restart("signal-ingest.service")
    host.wait_healthy("signal-ingest.service")
    assert len(sends(host, "/v2/send")) == 1


def test_a_killed_web_container_comes_back_with_its_data(host):
    url = board_url(host)
    before = podman("container", "inspect", "--format", "{{.Id}}", host.container_name("web.service")).stdout.strip()
    podman("kill", host.container_name("web.service"))
    wait_for(lambda: not host.container_running("web.service"), 30, what="the web container to die")
    with pytest.raises(OSError):
        http_get(f"{host.web_url}/healthz", timeout=2)

    assert host.units["web.service"].value("Service", "Restart") == "on-failure"
    assert host.supervise("web.service") is True
    host.wait_healthy("web.service")
    after = podman("container", "inspect", "--format", "{{.Id}}", host.container_name("web.service")).stdout.strip()
    assert after != before
    assert board_shows(host, url, "Ada Lovelace", "Wordle")


def test_the_containers_run_as_configured(host):
    web = host.container_name("web.service")
    inspect = json.loads(podman("container", "inspect", web).stdout)[0]
    assert inspect["HostConfig"]["ReadonlyRootfs"] is True
    assert inspect["HostConfig"]["CapDrop"] or inspect["EffectiveCaps"] in (None, [])
    assert inspect["Config"]["User"] == "10001:10001"
    ports = inspect["HostConfig"]["PortBindings"]["5000/tcp"]
    assert ports == [{"HostIp": "127.0.0.1", "HostPort": str(host.iso.ports["5000"])}]
    # The root filesystem refuses writes; /data (the volume) and /tmp (tmpfs) take them.
    assert podman("exec", web, "sh", "-c", "touch /opt/x", check=False).returncode != 0
    podman("exec", web, "sh", "-c", "touch /tmp/x /data/.probe && rm /tmp/x /data/.probe")
    labels = inspect["Config"]["Labels"]
    assert labels["io.containers.autoupdate"] == "registry"
    # The commit the images were built from (others may have committed since: any commit of ours).
    revision = labels["org.opencontainers.image.revision"]
    assert re.fullmatch(r"[0-9a-f]{40}", revision)
    assert subprocess.run(["git", "cat-file", "-e", f"{revision}^{{commit}}"], cwd=ROOT).returncode == 0
    assert "org.opencontainers.image.source" in labels and "org.opencontainers.image.version" in labels


def test_updater_metrics_serves_the_host_checks_result_to_the_network(host, tmp_path):
    # The host side: the real auto-update-check.sh, with podman's answer recorded (a real
    # `podman auto-update` needs the user's systemd, absent here).
    stand_in = tmp_path / "podman"
    sample = ROOT / "tests" / "ops" / "autoupdate" / "pending.json"
    stand_in.write_text(f"#!/bin/sh\ncat '{sample}'\n")
    stand_in.chmod(0o755)
    state = host.home / ".local" / "state" / "puzzlesecretary" / "auto-update"
    script = host.home / ".local" / "libexec" / "puzzlesecretary" / "auto-update-check.sh"
    env = dict(os.environ, PODMAN=str(stand_in), AUTO_UPDATE_FILE=str(state / "auto-update.json"))
    subprocess.run(["/bin/sh", str(script)], env=env, check=True, timeout=60)
    # The container runs as uid 10001 and reads the folder through a read-only bind.
    os.chmod(state, 0o755)
    os.chmod(state / "auto-update.json", 0o644)

    host.start("updater-metrics.service")
    host.wait_healthy("updater-metrics.service")
    # Telegraf's view: by container name, over the app network.
    done = podman(
        "run",
        "--rm",
        "--ulimit",
        "nofile=1024:1024",
        "--ulimit",
        "nproc=1024:1024",
        "--network",
        host.iso.name("puzzlesecretary"),
        SHARED_IMAGE,
        "python3",
        "-c",
        "import urllib.request; print(urllib.request.urlopen('http://updater-metrics:9102/metrics', timeout=10).read().decode())",
    )
    pending = sum(1 for row in json.loads(sample.read_text()) if row["Updated"] == "pending")
    assert re.search(rf"^puzzlesecretary_autoupdate_pending_updates {pending}(\.0)?$", done.stdout, re.M), done.stdout


def test_a_unit_that_fails_to_start_is_reported(host):
    # The check behind every start above can fail: a missing environment file stops the unit.
    (host.home / ".config" / "puzzlesecretary" / "signal-ingest.env").rename(host.home / "signal-ingest.env.away")
    try:
        host.stop("signal-ingest.service")
        with pytest.raises(UnitFailed, match="signal-ingest.env"):
            host.start("signal-ingest.service")
    finally:
        (host.home / "signal-ingest.env.away").rename(host.home / ".config" / "puzzlesecretary" / "signal-ingest.env")
    host.start("signal-ingest.service")
    host.wait_healthy("signal-ingest.service")
