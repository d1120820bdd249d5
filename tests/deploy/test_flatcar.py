"""The Flatcar Butane config, the Ignition config `make flatcar` renders from it, and the
release workflow.

Butane itself cannot be installed here (not in Debian, PyPI or npm): deploy/flatcar/render.py
turns the Butane file into Ignition (the one source stays the Butane file; a test below checks
the rendered config says the same, file by file), and Ignition's own ignition-validate (Debian
forky's ignition 2.14.0, in the rootfs of tests/setup/45-hass-forky.sh) validates the result.
Every local file is staged by deploy/flatcar/prepare.sh (which runs the real install.sh).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml
from deploy.quadletkit import QUADLETS, ROOT, source_units
from forky_rootfs import run_in_rootfs

BUTANE = ROOT / "deploy" / "flatcar" / "puzzlesecretary.bu"
RENDER = ROOT / "deploy" / "flatcar" / "render.py"
STAGE = ROOT / "build" / "flatcar" / "home"
IGNITION = ROOT / "build" / "flatcar" / "config.ign"
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
    # flatcar 1.0.0 is Ignition 3.3.0, which every Flatcar release boots and ignition-validate
    # 2.14 checks (it refuses 3.4.0: "unsupported config version").
    assert butane["version"] == "1.0.0"
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


@pytest.fixture(scope="module")
def ignition():
    """`make flatcar`, as the README says: stage, render, write build/flatcar/config.ign."""
    IGNITION.unlink(missing_ok=True)
    done = subprocess.run(["make", "-s", "flatcar"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(IGNITION.read_text())


def ignition_validate(tmp_path, config: dict) -> subprocess.CompletedProcess:
    (tmp_path / "config.ign").write_text(json.dumps(config))
    return run_in_rootfs(tmp_path, ["ignition-validate", "/mnt/config.ign"], timeout=60)


def test_make_flatcar_renders_an_ignition_config_that_ignition_validate_accepts(ignition, tmp_path):
    assert ignition["ignition"]["version"] == "3.3.0"
    done = ignition_validate(tmp_path, ignition)
    # ignition-validate prints warnings (an unused key, say) and errors; neither may appear.
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.parametrize("break_it, message", [
    (lambda c: c["storage"]["files"][0].update(path="etc/flatcar/enabled-sysext.conf"), "path not absolute"),
    (lambda c: c["storage"]["files"][0].update(contnets={}), "Unused key contnets"),
    (lambda c: c["storage"]["links"][0].pop("target"), "link target is required"),
])
def test_ignition_validate_refuses_a_broken_config(ignition, tmp_path, break_it, message):
    broken = json.loads(json.dumps(ignition))
    break_it(broken)
    done = ignition_validate(tmp_path, broken)
    assert done.returncode != 0 or "warning" in done.stdout + done.stderr
    assert message in done.stdout + done.stderr, done


def decoded(source: str) -> bytes:
    assert source.startswith("data:,"), source
    return urllib.parse.unquote_to_bytes(source[len("data:,"):])


def test_the_ignition_config_says_exactly_what_the_butane_file_says(butane, ignition, staged):
    laid = {f["path"]: f for f in ignition["storage"]["files"]}
    assert set(laid) == set(files(butane))
    for path, entry in files(butane).items():
        rendered = laid[path]
        for key in ("mode", "user", "group", "overwrite"):
            assert rendered.get(key) == entry.get(key), (path, key)
        spec = entry.get("contents")
        if spec is None:
            assert "contents" not in rendered, path
        elif "inline" in spec:
            assert decoded(rendered["contents"]["source"]).decode() == spec["inline"], path
        else:
            assert decoded(rendered["contents"]["source"]) == (staged / spec["local"]).read_bytes(), path
    assert ignition["storage"]["directories"] == butane["storage"]["directories"]
    assert ignition["storage"]["links"] == butane["storage"]["links"]
    users = [{"name": u["name"], "sshAuthorizedKeys": u["ssh_authorized_keys"]} for u in butane["passwd"]["users"]]
    assert ignition["passwd"]["users"] == users
    assert set(ignition) == {"ignition", "passwd", "storage"}


def test_the_renderer_refuses_what_butane_strict_would(tmp_path, staged):
    def render(config: dict) -> subprocess.CompletedProcess:
        (tmp_path / "c.bu").write_text(yaml.safe_dump(config))
        return subprocess.run([sys.executable, str(RENDER), "--files-dir", str(staged), str(tmp_path / "c.bu")],
                              capture_output=True, text=True, timeout=30, check=False)

    good = yaml.safe_load(BUTANE.read_text())
    assert render(good).returncode == 0
    misspelled = json.loads(json.dumps(good))
    misspelled["storage"]["files"][0]["contnets"] = misspelled["storage"]["files"][0].pop("contents")
    missing = json.loads(json.dumps(good))
    missing["storage"]["files"][3]["contents"]["local"] = "no/such/file"
    newer = dict(good, version="1.1.0")
    for config, words in ((misspelled, "unknown key(s) contnets"), (missing, "no/such/file"), (newer, "1.1.0")):
        done = render(config)
        assert done.returncode == 1 and words in done.stderr, done.stderr
        assert done.stdout == ""


def test_an_ssh_key_file_replaces_the_placeholder_key(tmp_path, staged):
    key = tmp_path / "id_ed25519.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample me@laptop\n")
    done = subprocess.run([sys.executable, str(RENDER), "--files-dir", str(staged), "--ssh-key", str(key), str(BUTANE)],
                          capture_output=True, text=True, timeout=30, check=True)
    (user,) = json.loads(done.stdout)["passwd"]["users"]
    assert user["sshAuthorizedKeys"] == [key.read_text().strip()]


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
    # Every image is built from the one containers/Containerfile, with its row of build-images.sh's table.
    assert (ROOT / "containers" / "Containerfile").exists()
    table = (ROOT / "containers" / "build-images.sh").read_text()
    for name in ("web", "signal-ingest", "whatsapp-ingest", "updater-metrics"):
        assert re.search(rf"^{name}\|\d+\|/", table, re.MULTILINE), f"build-images.sh has no row for {name}"
        assert (ROOT / "containers" / name / "pyproject.toml").exists()
        assert name in script
