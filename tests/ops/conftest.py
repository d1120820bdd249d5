"""Fixtures for the ops tests: the host check script run on podman output samples and a real
Mosquitto broker (helpers live in opskit.py)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from ops.opskit import free_port, run_check, stand_in_podman


@pytest.fixture
def check_file(tmp_path):
    """Runs the real host script on a sample; returns the envelope file it wrote."""

    def make(sample: str, exit_code: int = 0, stderr: str = "") -> Path:
        out = tmp_path / "state" / "auto-update.json"
        podman = stand_in_podman(tmp_path, sample, exit_code, stderr)
        result = run_check(out, podman)
        assert result.returncode == 0, result.stderr
        return out

    return make


@pytest.fixture
def mosquitto(tmp_path):
    """A real Mosquitto broker on 127.0.0.1 and a free port, stopped after the test."""
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"mosquitto did not start: {process.stdout.read().decode()}")
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)

