"""The fakes' image holds everything the fakes import when they run as scripts, with nothing else on the path."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from systemhost.conftest import FAKE_FILES
from systemhost.machine import ROOT


@pytest.mark.parametrize("script", ["fake_signal_api.py", "fake_waha.py"])
def test_each_fake_runs_from_a_folder_holding_only_the_files_the_image_gets(script, tmp_path):
    for fake in FAKE_FILES:
        shutil.copy(ROOT / "tests" / fake, tmp_path)
    command = [sys.executable, "-E", "-s", script, "--help"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--port" in done.stdout
