"""`python -m bench.image_rss`: the peak RSS of the web and both ingests as their images run them.

The images are those `make images` builds (`--build` builds them first, under `--prefix` and
`--tag`). The web serves the sample chat's database; each page kind is asked for three times,
then wrk (if installed) asks for the board with 32 clients for 3 s. The ingests start against
upstreams that do not answer, with `OUTBOUND=off`, and idle for 15 s. The figure is `VmHWM` of
the container's PID 1 (the program itself: the images `exec` it), read from /proc inside the
container. Needs podman (tests/setup/50-podman.sh installs it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS_CONF = ROOT / "tests" / "deploy" / "containers.conf"
LIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]
PORT = 15380


def podman(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, CONTAINERS_CONF=str(CONTAINERS_CONF))
    done = subprocess.run(["podman", *args], capture_output=True, text=True, env=env)
    if check and done.returncode != 0:
        raise RuntimeError(f"podman {' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done


def peak_mib(name: str) -> float:
    status = podman("exec", name, "cat", "/proc/1/status").stdout
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as answer:
        answer.read()
        return answer.status


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(url) == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {seconds:.0f} s")
        time.sleep(0.5)


def sample_database(folder: Path) -> dict[str, str]:
    """The sample chat imported into folder/sample.db; the five page kinds' paths of its group."""
    url = f"sqlite:///{folder}/sample.db"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "puzzlesecretary"), "import", "--sample"],
        env=dict(os.environ, DATABASE_URL=url),
        check=True,
        capture_output=True,
    )
    for path in folder.iterdir():
        path.chmod(0o666)  # the image's user writes SQLite's -shm and -wal files beside it
    from puzzlesecretary.store import Group, Membership, Score, open_database

    open_database(url)
    group = max(Group.select(), key=lambda g: Score.select().where(Score.group == g.id).count())
    players = [m.player_id for m in Membership.select().where(Membership.group == group.id).order_by(Membership.player).limit(2)]
    latest = Score.select().where(Score.group == group.id, Score.counted).order_by(Score.sent_at.desc()).first()
    from .pages import page_paths

    return page_paths(group.token, players, latest.game, latest.puzzle_key)


def web_peak(image: str, folder: Path) -> float:
    paths = sample_database(folder)
    name = "bench-rss-web"
    podman("rm", "-f", name, check=False)
    podman(
        "run", "-d", "--name", name, *LIMITS, "--read-only", "-p", f"127.0.0.1:{PORT}:5000",
        "-e", "WEB_HOST=0.0.0.0", "-e", "DATABASE_URL=sqlite:////data/sample.db", "-v", f"{folder}:/data:z", image,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{PORT}"
        wait_up(f"{base}/healthz")
        for _ in range(3):
            for path in paths.values():
                if get(base + path) != 200:
                    raise RuntimeError(f"{path} did not answer 200")
        if shutil.which("wrk"):
            subprocess.run(["wrk", "-t2", "-c32", "-d3s", base + paths["board"]], check=True, capture_output=True)
        return peak_mib(name)
    finally:
        podman("rm", "-f", name, check=False)


INGESTS = {
    "signal-ingest": ["SIGNAL_API_URL=http://127.0.0.1:9", "SIGNAL_NUMBER=+4915112345678"],
    "whatsapp-ingest": ["WAHA_URL=http://127.0.0.1:9", "WAHA_API_KEY=bench", "WAHA_HMAC_KEY=bench"],
}


def ingest_peak(container: str, image: str, folder: Path, idle_s: float) -> float:
    name = f"bench-rss-{container}"
    podman("rm", "-f", name, check=False)
    env = [f"DATABASE_URL=sqlite:////data/{container}.db", "OUTBOUND=off", *INGESTS[container]]
    options = [part for setting in env for part in ("-e", setting)]
    podman("run", "-d", "--name", name, *LIMITS, "--read-only", "-v", f"{folder}:/data:z", *options, image)
    try:
        time.sleep(idle_s)
        if podman("inspect", "-f", "{{.State.Running}}", name).stdout.strip() != "true":
            raise RuntimeError(f"{container} stopped: {podman('logs', name, check=False).stderr[-2000:]}")
        return peak_mib(name)
    finally:
        podman("rm", "-f", name, check=False)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.image_rss", description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default="localhost/puzzlesecretary-rss")
    parser.add_argument("--tag", default="bench")
    parser.add_argument("--build", action="store_true", help="build the three images first (containers/build-images.sh)")
    parser.add_argument("--idle-seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    image = {c: f"{args.prefix}/puzzlesecretary-{c}:{args.tag}" for c in ("web", *INGESTS)}
    if args.build:
        env = dict(os.environ, IMAGE_PREFIX=args.prefix, IMAGE_TAG=args.tag, CONTAINERS=" ".join(image))
        env["CONTAINERS_CONF"] = str(CONTAINERS_CONF)
        subprocess.run(["bash", str(ROOT / "containers" / "build-images.sh")], env=env, check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o777)
        peaks = {"web": web_peak(image["web"], folder)}
        for container in INGESTS:
            peaks[container] = ingest_peak(container, image[container], folder, args.idle_seconds)
    for container, mib in peaks.items():
        verdict = "ok" if mib < 40 else f"MISSED by {mib - 40:.1f} MiB"
        print(f"{container:16} peak RSS {mib:5.1f} MiB  (< 40 MiB: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
