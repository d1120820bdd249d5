"""The Flatcar Butane config and the release workflow.

Butane itself cannot be installed here (not in Debian, PyPI or npm), so the config is checked
as YAML against the parts of the Butane flatcar 1.1.0 schema it uses, and every local file it
lays down is staged by deploy/flatcar/prepare.sh (which runs the real install.sh) and must exist.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from deploy.quadletkit import QUADLETS, ROOT, source_units

BUTANE = ROOT / "deploy" / "flatcar" / "puzzlesecretary.bu"
STAGE = ROOT / "build" / "flatcar" / "home"
TOP_KEYS = {"variant", "version", "ignition", "passwd", "storage", "systemd", "kernel_arguments"}
FILE_KEYS = {"path", "mode", "user", "group", "contents", "overwrite", "append"}
DIRECTORY_KEYS = {"path", "mode", "user", "group", "overwrite"}
LINK_KEYS = {"path", "target", "hard", "user", "group", "overwrite"}
CONTENTS_KEYS = {"inline", "local", "source", "compression", "verification"}


@pytest.fixture(scope="module")
def butane():
    return yaml.safe_load(BUTANE.read_text())


@pytest.fixture(scope="module")
def staged():
    done = subprocess.run(["bash", str(ROOT / "deploy" / "flatcar" / "prepare.sh")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return STAGE


def files(butane) -> dict[str, dict]:
    return {f["path"]: f for f in butane["storage"]["files"]}


def test_it_is_a_flatcar_butane_config_with_only_known_keys(butane):
    assert butane["variant"] == "flatcar"
    assert butane["version"] == "1.1.0"
    assert set(butane) <= TOP_KEYS
    for entry in butane["storage"]["files"]:
        assert set(entry) <= FILE_KEYS, entry
        assert set(entry.get("contents", {})) <= CONTENTS_KEYS, entry
    for entry in butane["storage"]["directories"]:
        assert set(entry) <= DIRECTORY_KEYS, entry
    for entry in butane["storage"]["links"]:
        assert set(entry) <= LINK_KEYS, entry


def test_it_lays_down_every_quadlet_as_install_sh_renders_it(butane, staged):
    laid = files(butane)
    for source in source_units(QUADLETS):
        path = f"/home/app/.config/containers/systemd/puzzlesecretary/{source.name}"
        assert path in laid, f"{source.name} is not in the Butane config"
        local = staged / laid[path]["contents"]["local"]
        assert local.read_text() == (STAGE / ".config/containers/systemd/puzzlesecretary" / source.name).read_text()
        assert laid[path]["user"] == {"name": "app"}


def test_every_local_file_it_names_is_staged(butane, staged):
    for entry in butane["storage"]["files"]:
        local = entry.get("contents", {}).get("local")
        if local:
            assert (staged / local).is_file(), local


def test_no_secret_goes_into_the_ignition_config(butane, staged):
    assert not any(path.endswith(".env") for path in files(butane))
    assert list((staged / ".config" / "puzzlesecretary").glob("*.env")) == []


def test_it_enables_the_podman_extension_and_lingering_for_the_app_user(butane):
    laid = files(butane)
    assert laid["/etc/flatcar/enabled-sysext.conf"]["contents"]["inline"].split() == ["podman"]
    assert "/var/lib/systemd/linger/app" in laid
    assert [u["name"] for u in butane["passwd"]["users"]] == ["app"]


def test_os_updates_reboot_only_on_wednesday_morning(butane):
    conf = files(butane)["/etc/flatcar/update.conf"]["contents"]["inline"]
    settings = dict(line.split("=", 1) for line in conf.strip().splitlines())
    assert settings["REBOOT_STRATEGY"] == "reboot"
    assert settings["LOCKSMITHD_REBOOT_WINDOW_START"] == '"Wed 05:00"'
    assert settings["LOCKSMITHD_REBOOT_WINDOW_LENGTH"] == "1h"


def test_every_parent_folder_in_home_is_created_for_the_app_user(butane):
    directories = {d["path"]: d for d in butane["storage"]["directories"]}
    paths = [f["path"] for f in butane["storage"]["files"]] + [link["path"] for link in butane["storage"]["links"]]
    for path in paths:
        if not path.startswith("/home/app/"):
            continue
        parent = Path(path).parent
        while parent != Path("/home/app"):
            assert str(parent) in directories, f"{parent} (for {path}) is not created"
            assert directories[str(parent)]["user"] == {"name": "app"}
            parent = parent.parent


def test_the_auto_update_check_timer_is_enabled(butane):
    links = {link["path"]: link["target"] for link in butane["storage"]["links"]}
    target = links["/home/app/.config/systemd/user/timers.target.wants/auto-update-check.timer"]
    assert target == "/home/app/.config/systemd/user/auto-update-check.timer"
    assert target in files(butane)


def test_the_release_workflow_builds_with_make_images_script_and_pushes_on_a_tag():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    # PyYAML reads the bare key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers == {"push": {"tags": ["v*"]}}
    steps = workflow["jobs"]["images"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert "bash containers/build-images.sh" in script
    assert "podman push" in script
    assert workflow["permissions"]["packages"] == "write"
    for name in ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics"):
        assert (ROOT / "containers" / name / "Containerfile").exists()
        assert name in script
