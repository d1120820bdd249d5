"""`make install` (quadlets/install.sh), the healthcheck script in every image, and the image
build script's refusal of a container that does not exist."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from deploy.quadletkit import QUADLETS, ROOT, source_units
from ops.opskit import free_port

HEALTHCHECK = ROOT / "containers" / "base" / "healthcheck"


def install(home: Path, **extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home), SYSTEMD_RELOAD="0", **extra)
    return subprocess.run(["bash", str(ROOT / "quadlets" / "install.sh")], env=env, capture_output=True, text=True, timeout=60)


def test_install_puts_every_quadlet_and_user_unit_in_place(tmp_path):
    done = install(tmp_path)
    assert done.returncode == 0, done.stderr
    quadlets = tmp_path / ".config" / "containers" / "systemd" / "puzzlesecretary"
    assert sorted(p.name for p in quadlets.iterdir()) == sorted(p.name for p in source_units(QUADLETS))
    assert (tmp_path / ".config/systemd/user/auto-update-check.timer").read_text() == (
        QUADLETS / "auto-update-check.timer"
    ).read_text()
    script = tmp_path / ".local/libexec/puzzlesecretary/auto-update-check.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    assert not (tmp_path / ".local/libexec/puzzlesecretary/install.sh").exists()


def test_install_points_our_images_at_the_chosen_registry_and_tag_only(tmp_path):
    assert install(tmp_path, IMAGE_PREFIX="registry.example/me", IMAGE_TAG="v1.2.3").returncode == 0
    quadlets = tmp_path / ".config" / "containers" / "systemd" / "puzzlesecretary"
    assert "Image=registry.example/me/puzzlesecretary-web:v1.2.3" in (quadlets / "web.container").read_text().splitlines()
    assert "Image=registry.example/me/puzzlesecretary-web:v1.2.3" in (quadlets / "migrations.container").read_text().splitlines()
    assert (quadlets / "signal-cli-rest-api.container").read_text() == (QUADLETS / "signal-cli-rest-api.container").read_text()
    assert (quadlets / "cloudflared.container").read_text() == (QUADLETS / "cloudflared.container").read_text()


def test_install_keeps_existing_secrets_and_writes_new_ones_private(tmp_path):
    config = tmp_path / ".config" / "puzzlesecretary"
    config.mkdir(parents=True)
    (config / "cloudflared.env").write_text("TUNNEL_TOKEN=mine\n")
    assert install(tmp_path).returncode == 0
    assert (config / "cloudflared.env").read_text() == "TUNNEL_TOKEN=mine\n"
    assert stat.S_IMODE(config.stat().st_mode) == 0o700
    for example in (ROOT / "deploy" / "env").glob("*.env.example"):
        target = config / example.name.removesuffix(".example")
        assert target.exists(), target
        if target.name != "cloudflared.env":
            assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_install_twice_changes_nothing(tmp_path):
    assert install(tmp_path).returncode == 0
    first = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert install(tmp_path).returncode == 0
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == first


class Answer(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        status = int(self.path.strip("/") or 200)
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok\n")

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def healthcheck(*args: str, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "HEALTHCHECK_URL"} | env
    return subprocess.run([str(HEALTHCHECK), *args], env=full, capture_output=True, text=True, timeout=30)


def test_the_healthcheck_passes_on_a_2xx_answer(server):
    assert healthcheck(HEALTHCHECK_URL=f"{server}/200").returncode == 0
    assert healthcheck(f"{server}/204").returncode == 0


def test_the_healthcheck_fails_on_an_error_status(server):
    done = healthcheck(HEALTHCHECK_URL=f"{server}/503")
    assert done.returncode == 1
    assert "HTTP 503" in done.stderr


def test_the_healthcheck_fails_when_nothing_listens():
    done = healthcheck(HEALTHCHECK_URL=f"http://127.0.0.1:{free_port()}/healthz")
    assert done.returncode == 1
    assert "healthcheck:" in done.stderr


def test_the_healthcheck_without_an_address_says_what_to_set():
    done = healthcheck()
    assert done.returncode == 2
    assert "HEALTHCHECK_URL" in done.stderr


def test_building_an_unknown_container_is_refused_with_its_name():
    env = dict(os.environ, CONTAINERS="web nosuch")
    done = subprocess.run(
        ["bash", str(ROOT / "containers" / "build-images.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "'nosuch'" in done.stderr
