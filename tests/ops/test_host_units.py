"""The host side's systemd user units, checked by systemd's own verifier (which exits 0 on
unknown keys and only complains on stderr, so stderr must stay empty)."""

from __future__ import annotations

import os
import shutil
import subprocess

from ops.opskit import ROOT

UNITS = ("auto-update-check.service", "auto-update-check.timer")


def verify(tmp_path, texts: dict[str, str]) -> subprocess.CompletedProcess:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    return subprocess.run(
        [shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze", "verify", "--user",
         *[str(tmp_path / name) for name in texts]],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)}, capture_output=True, text=True, timeout=60,
    )


def unit_texts() -> dict[str, str]:
    return {name: (ROOT / "quadlets" / name).read_text() for name in UNITS}


def test_the_check_units_pass_systemd_analyze_verify(tmp_path):
    result = verify(tmp_path, unit_texts())
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_systemd_analyze_would_report_a_misspelled_key(tmp_path):
    texts = unit_texts()
    texts["auto-update-check.timer"] = texts["auto-update-check.timer"].replace("Persistent=", "Persistant=")
    result = verify(tmp_path, texts)
    assert "Persistant" in result.stderr


def test_the_service_runs_the_script_once_and_writes_where_updater_metrics_reads():
    service = unit_texts()["auto-update-check.service"]
    assert "Type=oneshot" in service
    assert "ExecStart=/bin/sh %h/.local/libexec/puzzlesecretary/auto-update-check.sh" in service
    assert "Environment=AUTO_UPDATE_FILE=%h/.local/state/puzzlesecretary/auto-update/auto-update.json" in service
    timer = unit_texts()["auto-update-check.timer"]
    assert "OnCalendar=*-*-* 00/6:00:00" in timer
    assert "Persistent=true" in timer
