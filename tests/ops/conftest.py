"""Fixtures for the ops tests: the host check script run on podman output samples and a real
Mosquitto broker (helpers live in opskit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops.opskit import run_check, run_mosquitto, stand_in_podman


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
    with run_mosquitto(tmp_path) as port:
        yield port
