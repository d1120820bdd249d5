"""The booted test host, built and booted once per session and shared by every test here.

The files run in name order, which is the operator's: the boot (test_boot_in_order: its start
order check needs units nobody restarted since), the by-hand steps (test_by_hand), then the
updates (test_updates), each test from the state the one before left."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from systemhost import deployment
from systemhost.deployment import FAKES_IMAGE, IMAGE_PREFIX, OURS, derived_image, host_podman, push
from systemhost.machine import ROOT, Machine, build_rootfs

# A tag of this session's own on the host's podman, so concurrent runs never share images.
TAG = f"host-{uuid.uuid4().hex[:8]}"
LOCAL_PREFIX = "localhost/puzzlesecretary-systemhost"
SHARED_IMAGE = f"localhost/puzzlesecretary-shared:{TAG}"


# What the fakes image holds: the two fakes and every module of ours they import when run as scripts.
FAKE_FILES = (
    "signal_ingest/fake_signal_api.py",
    "signal_ingest/fake_signal_send.py",
    "signal_ingest/signal_envelopes.py",
    "whatsapp_ingest/fake_waha.py",
    "whatsapp_ingest/fake_waha_send.py",
)


@pytest.fixture(scope="session")
def host_images(tmp_path_factory):
    """Our images as `make images` builds them, and the fakes' image, on the host's podman."""
    from deploy.podmanhost import podman_env

    env = dict(
        podman_env(), IMAGE_PREFIX=LOCAL_PREFIX, IMAGE_TAG=TAG, SHARED_IMAGE=SHARED_IMAGE,
        PYTHON=str(ROOT / ".venv" / "bin" / "python"), CONTEXT_DIR=str(tmp_path_factory.mktemp("image-context")),
    )
    build = ["bash", str(ROOT / "containers" / "build-images.sh")]
    done = subprocess.run(build, env=env, capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    built = {name: f"{LOCAL_PREFIX}/puzzlesecretary-{name}:{TAG}" for name in OURS}
    context = tmp_path_factory.mktemp("fakes")
    for fake in FAKE_FILES:
        shutil.copy(ROOT / "tests" / fake, context)
    built["test-fakes"] = f"{LOCAL_PREFIX}/puzzlesecretary-test-fakes:{TAG}"
    host_podman("build", "--quiet", "-f", str(ROOT / "tests" / "systemhost" / "fakes.Containerfile"),
                "--build-arg", f"SHARED_IMAGE={SHARED_IMAGE}", "-t", built["test-fakes"], str(context))
    yield built
    for image in (*built.values(), SHARED_IMAGE):
        subprocess.run(["podman", "rmi", "--force", image], env=podman_env(), capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="session")
def machine(tmp_path_factory):
    """The booted Debian forky system container (rootfs built on first use, then cached)."""
    build_rootfs()
    state = tmp_path_factory.mktemp("systemhost")
    box = Machine(state, f"psh-{uuid.uuid4().hex[:8]}")
    try:
        box.boot()
        yield box
    finally:
        box.shutdown()
    # Rootless podman's files belong to sub-uids; root removes them (they are large).
    if not os.path.ismount(box.root):
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def deployed(machine, host_images):
    """PuzzleSecretary installed and started on `machine` by the README's steps."""
    digests = {name: push(machine, host_images[name], f"{IMAGE_PREFIX}/puzzlesecretary-{name}:latest") for name in OURS}
    digests["test-fakes"] = push(machine, host_images["test-fakes"], FAKES_IMAGE)
    ran = deployment.install(machine)
    deployment.wait_active(machine, deployment.STARTED)
    return {"digests": digests, "ran": ran}


@pytest.fixture(scope="session")
def web_images(host_images, tmp_path_factory):
    """A new web image (only its version label differs) and a broken one (its healthcheck fails)."""
    web = host_images["web"]
    tag = web.rpartition(":")[2]
    new = derived_image(web, f"{tag}-next", "LABEL org.opencontainers.image.version=test-next\n", tmp_path_factory.mktemp("next"))
    broken = derived_image(
        new, f"{tag}-broken",
        "ENV HEALTHCHECK_URL=http://127.0.0.1:5000/no-such-page\nLABEL org.opencontainers.image.version=test-broken\n",
        tmp_path_factory.mktemp("broken"),
    )
    yield {"new": new, "broken": broken}
    for image in (broken, new):
        host_podman("rmi", "--force", image)
