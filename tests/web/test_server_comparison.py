"""bench/servers.py, the comparison docs/web.md reports, run on waitress (the web's own server) for a second."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.sqlite_only
def test_the_server_comparison_measures_load_memory_slow_clients_and_sigterm(seeded):
    done = subprocess.run(
        [sys.executable, "-m", "bench.servers", seeded.db_url, f"/g/{seeded.token}", "--servers", "waitress",
         "--seconds", "1", "--connections", "4"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    [result] = [json.loads(line) for line in done.stdout.splitlines()]
    assert result["server"] == "waitress" and result["processes"] == 1
    for run in (result["board"], result["healthz"]):
        assert run["requests"] > 0 and run["non_2xx"] == 0 and run["server_cpu_ms_per_request"] > 0
    assert 20_000 < result["rss_kib_all_processes"] <= result["peak_rss_kib_all_processes"] < 200_000
    slow = result["with_200_slow_clients_ms"]
    assert slow["healthz"] is not None and slow["board"] is not None
    assert result["sigterm"]["exit_code"] == 0 and result["sigterm"]["seconds"] < 5
