"""PuzzleSecretary deployed on the booted test host the way the README tells an operator to.

The README's steps ("Any systemd host with podman 5.0 or later", then "Secrets" and "Start
everything") run here as written, as root and then as the user `app` through `sudo -iu app`.
What the test host needs besides, because it has no internet, and nothing else:
- our images come from the host's own registry (IMAGE_PREFIX names it, as a real deployment
  names ghcr.io/<you>);
- the two upstreams the ingests talk to are swapped for the fakes the ingest tests use, by a
  drop-in per unit (its image, command and healthcheck; network, volume and hardening stay);
- Telegraf and cloudflared, whose images only the internet has, are masked.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from pathlib import Path

from systemhost.machine import REGISTRY, ROOT, Machine, MachineError

IMAGE_PREFIX = f"{REGISTRY}/puzzlesecretary"
OURS = ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics")
FAKES_IMAGE = f"{IMAGE_PREFIX}/puzzlesecretary-test-fakes:latest"
USER = "app"
QUADLETS = "/home/app/.config/containers/systemd/puzzlesecretary"
CONFIG = "/home/app/.config/puzzlesecretary"
CHECK_FILE = "/home/app/.local/state/puzzlesecretary/auto-update/auto-update.json"
BOT_NUMBER = "+4915100000042"
SIGNAL_GROUP = "ZTJlLXB1enpsZXJzLWdyb3VwLWlkLTAwMDAwMDAwMDA="
WA_GROUP = "120363000000000001@g.us"
WAHA_KEY = "waha-test-key"
WAHA_HMAC = "waha-test-hmac-key"
# The units the README starts (less the two masked ones), and what each must come up after.
STARTED = ("web.service", "signal-ingest.service", "whatsapp-ingest.service", "updater-metrics.service")
MASKED = ("telegraf.service", "cloudflared.service")

ENV_FILES = {
    "common.env": "DEFAULT_TIMEZONE=UTC\nLOG_LEVEL=INFO\nPUBLIC_BASE_URL=http://127.0.0.1:5000\n",
    "signal-ingest.env": (
        f"SIGNAL_NUMBER={BOT_NUMBER}\nSIGNAL_GROUP_IDS={SIGNAL_GROUP}\nSIGNAL_POLL_INTERVAL_S=1\nSIGNAL_RECEIVE_TIMEOUT_S=1\n"
    ),
    "waha.env": f"WAHA_API_KEY={WAHA_KEY}\nWHATSAPP_HOOK_HMAC_KEY={WAHA_HMAC}\n",
    "whatsapp-ingest.env": f"WAHA_API_KEY={WAHA_KEY}\nWAHA_HMAC_KEY={WAHA_HMAC}\nWAHA_GROUP_IDS={WA_GROUP}\n",
}

# Drop-ins (podman 5.0+) next to the quadlets: a later Image=/Exec=/HealthCmd= wins.
FAKE_DROPINS = {
    "signal-cli-rest-api.container.d/test-fake.conf": f"""\
# The test host has no internet: tests/signal_ingest/fake_signal_api.py stands in for
# signal-cli-rest-api, with a morning of today's shares queued (--demo).
[Container]
Image={FAKES_IMAGE}
Exec=python3 /fakes/fake_signal_api.py --port 8080 --number {BOT_NUMBER} --group Puzzlers={SIGNAL_GROUP} --demo
HealthCmd=/usr/local/bin/healthcheck http://127.0.0.1:8080/v1/health
""",
    "waha.container.d/test-fake.conf": f"""\
# The test host has no internet: tests/whatsapp_ingest/fake_waha.py stands in for WAHA, with
# two of today's shares for whatsapp-ingest's catch-up to find (--demo).
[Container]
Image={FAKES_IMAGE}
Exec=python3 /fakes/fake_waha.py --port 3000 --api-key {WAHA_KEY} --group {WA_GROUP}=Puzzlers-WA --demo
HealthCmd=/usr/local/bin/healthcheck http://127.0.0.1:3000/ping
""",
}


def host_podman(*args: str, machine: Machine | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The host's podman (which built the images), optionally with the machine's loopback."""
    from deploy.podmanhost import podman_env

    argv = ["podman", *args]
    if machine is not None:
        argv = ["nsenter", "-t", str(machine.pid), "-n", *argv]
    done = subprocess.run(argv, env=podman_env(), capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise MachineError(f"{shlex.join(argv)} exited {done.returncode}: {done.stderr[-3000:]}")
    return done


def push(machine: Machine, local: str, remote: str) -> str:
    """Push a host image into the machine's registry; returns the digest the registry holds."""
    host_podman("push", "--quiet", "--tls-verify=false", local, f"docker://{remote}", machine=machine)
    repo, _, tag = remote.removeprefix(f"{REGISTRY}/").rpartition(":")
    head = machine.run(["curl", "-fsSI", "-H", "Accept: application/vnd.oci.image.manifest.v1+json",
                        "-H", "Accept: application/vnd.docker.distribution.manifest.v2+json", f"http://{REGISTRY}/v2/{repo}/manifests/{tag}"])
    for line in head.stdout.splitlines():
        if line.lower().startswith("docker-content-digest:"):
            return line.split(":", 1)[1].strip()
    raise MachineError(f"the registry has no digest for {remote}: {head.stdout}")


def as_app(machine: Machine, line: str, **kwargs) -> subprocess.CompletedProcess:
    """One shell line as the operator's `sudo -iu app` session runs it (from the home folder)."""
    return machine.run(["sudo", "-iu", USER, "sh", "-c", line], **kwargs)


def copy_checkout(machine: Machine) -> None:
    """`git clone <this repository> puzzlesecretary`, from this working tree (edits included)."""
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = subprocess.run(listed, cwd=ROOT, capture_output=True, check=True).stdout
    existing = b"\0".join(f for f in files.split(b"\0") if f and (ROOT / f.decode()).exists())
    target = machine.home / USER / "puzzlesecretary"
    target.mkdir(parents=True, exist_ok=True)
    packed = ["tar", "-C", str(ROOT), "--null", "-T", "-", "-c"]
    tar = subprocess.run(packed, input=existing, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-C", str(target), "-x"], input=tar, check=True)
    uid = machine.run(["id", "-u", USER]).stdout.strip()
    subprocess.run(["chown", "-R", f"{uid}:{uid}", str(target)], check=True)


def install(machine: Machine) -> list[str]:
    """The README's operator steps, in order; returns the shell lines run (for the docs check)."""
    ran: list[str] = []

    def root(line: str) -> None:
        ran.append(line)
        machine.run(line, timeout=600)

    def app(line: str) -> None:
        ran.append(f"sudo -iu app: {line}")
        as_app(machine, line, timeout=600)

    # No network: every package is in the rootfs already, so apt only confirms it.
    root("sudo apt-get install -y podman git make")
    root("sudo useradd -m app && sudo loginctl enable-linger app")
    copy_checkout(machine)
    app(f"cd puzzlesecretary && IMAGE_PREFIX={IMAGE_PREFIX} make install")
    # "Secrets": the environment files, with this test's values (mode 0600, as the examples).
    for name, text in ENV_FILES.items():
        as_app(machine, f"umask 077 && cat > {CONFIG}/{name}", input=text)
    for name, text in FAKE_DROPINS.items():
        as_app(machine, f"mkdir -p {QUADLETS}/{Path(name).parent} && cat > {QUADLETS}/{name}", input=text)
    as_app(machine, "systemctl --user mask " + " ".join(MASKED))
    app("systemctl --user daemon-reload")
    # `start` returns once every unit is up: with Notify=healthy, once its healthcheck passed.
    try:
        app("systemctl --user start " + " ".join(STARTED))
    except MachineError as error:
        logs = as_app(machine, "journalctl --user --no-pager -n 150", check=False).stdout
        raise MachineError(f"{error}\n--- app's journal ---\n{logs[-8000:]}") from None
    app("curl -s http://127.0.0.1:5000/healthz")
    app("podman exec web puzzlesecretary groups")
    return ran


def derived_image(local: str, tag: str, lines: str, context: Path) -> str:
    """A new image on the host's podman: `local` plus a few Containerfile lines."""
    context.mkdir(parents=True, exist_ok=True)
    (context / "Containerfile").write_text(f"FROM {local}\n{lines}")
    image = f"{local.rpartition(':')[0]}:{tag}"
    host_podman("build", "--quiet", "-t", image, str(context))
    return image


def metrics(machine: Machine) -> str:
    """updater-metrics' /metrics, fetched inside its container."""
    fetch = "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:9102/metrics', timeout=10).read().decode())"
    return app_podman(machine, "exec", "updater-metrics", "python3", "-c", fetch).stdout


def unit_show(machine: Machine, unit: str, *props: str) -> dict[str, str]:
    done = as_app(machine, f"systemctl --user show {unit} " + " ".join(f"-p {p}" for p in props))
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def wait_active(machine: Machine, units: tuple[str, ...], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    states: dict[str, str] = {}
    while time.monotonic() < deadline:
        states = {u: unit_show(machine, u, "ActiveState")["ActiveState"] for u in units}
        if all(s == "active" for s in states.values()):
            return
        if any(s == "failed" for s in states.values()):
            break
        time.sleep(2)
    logs = as_app(machine, "journalctl --user --no-pager -n 80", check=False).stdout
    raise MachineError(f"units not active: {states}\n{logs[-5000:]}")


def http(machine: Machine, url: str) -> tuple[int, str]:
    """GET inside the machine (its loopback): the status and the body."""
    done = machine.run(["curl", "-s", "-o", "/dev/stdout", "-w", "\n%{http_code}", url], check=False, timeout=30)
    body, _, status = done.stdout.rpartition("\n")
    return int(status or 0), body


def app_podman(machine: Machine, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    return as_app(machine, shlex.join(["podman", *args]), check=check, timeout=timeout)


def inspect(machine: Machine, container: str) -> dict:
    return json.loads(app_podman(machine, "container", "inspect", container).stdout)[0]
