#!/usr/bin/env bash
# `make images`: build every PuzzleSecretary image with podman and print each image's size.
#
#   IMAGE_PREFIX  registry and owner of the images (default: the one the quadlets name): images are
#                 named $IMAGE_PREFIX/puzzlesecretary-<container>:$IMAGE_TAG
#   IMAGE_TAG     tag of every image (default latest)
#   CONTAINERS    which containers to build (default: every row of the table below)
#   BASE_IMAGE    the Debian base image (built by containers/base/build-base.sh when missing)
#   SOURCE        the repository URL written into the org.opencontainers.image.source label
#   CONTEXT_DIR   the build context to (re)create (default build/image-context)
#
# No registry is needed: the base image comes from debootstrap and the Python packages from a
# wheelhouse built here on the host, which the Containerfiles install from with --no-index.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

IMAGE_PREFIX=${IMAGE_PREFIX:-ghcr.io/puzzlesecretary}
IMAGE_TAG=${IMAGE_TAG:-latest}
BASE_IMAGE=${BASE_IMAGE:-localhost/puzzlesecretary-base:bookworm}
SHARED_IMAGE=${SHARED_IMAGE:-localhost/puzzlesecretary-shared:$IMAGE_TAG}
SOURCE=${SOURCE:-https://github.com/puzzlesecretary/puzzlesecretary}
PYTHON=${PYTHON:-$root/.venv/bin/python}

# Every container's image, built from the one containers/Containerfile: the port it serves
# /livez, /healthz and /metrics on, the path its healthcheck asks (the ingests': /livez, so an upstream
# that is down does not get them restarted in a loop) and its description. The folder
# containers/<name> holds its package, puzzlesecretary-<name>.
declare -A PORT HEALTH DESCRIPTION
every=()
while IFS='|' read -r name port health description; do
    PORT[$name]=$port HEALTH[$name]=$health DESCRIPTION[$name]=$description
    every+=("$name")
done <<'TABLE'
web|5000|/healthz|PuzzleSecretary's web pages: boards, leaderboards, head-to-head, trends
signal-ingest|8080|/livez|Reads Signal groups through signal-cli-rest-api into PuzzleSecretary's store
whatsapp-ingest|8080|/livez|Receives WAHA webhooks into PuzzleSecretary's store
updater-metrics|9102|/healthz|Serves podman auto-update's pending updates as Prometheus metrics
TABLE
# The web never reads a docstring or relies on an assert: it runs with PYTHONOPTIMIZE=2, 1 MiB less RSS
# (docs/performance.md, "Issue 16, round 6: the web's memory"). The ingests keep their asserts.
declare -A OPTIMIZE=([web]=2)
CONTAINERS=${CONTAINERS:-${every[*]}}
for name in $CONTAINERS; do
    if [[ -z "${PORT[$name]:-}" || ! -f "containers/$name/pyproject.toml" ]]; then
        echo "build-images: CONTAINERS names '$name', which is not in build-images.sh's table of images with a containers/$name/pyproject.toml" >&2
        exit 2
    fi
done
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
REVISION=${REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}

BASE_IMAGE=$BASE_IMAGE bash containers/base/build-base.sh

# The build context: every wheel (ours and our dependencies), pip's own wheel and the
# healthcheck script. Rebuilt each time so a stale wheel of ours never lands in an image.
context=${CONTEXT_DIR:-$root/build/image-context}
rm -rf "$context"
mkdir -p "$context/wheels"
cp containers/base/healthcheck "$context/healthcheck"
# Wheels are built from a copy: setuptools writes build/ and *.egg-info next to the sources.
folders=(shared)
for name in $CONTAINERS; do folders+=("containers/$name"); done
tar -c --exclude=build --exclude='*.egg-info' --exclude=__pycache__ "${folders[@]}" |
    tar -x -C "$context" --one-top-level=src
packages=()
for folder in "${folders[@]}"; do packages+=("$context/src/$folder"); done
"$PYTHON" -m pip wheel --quiet --disable-pip-version-check --wheel-dir "$context/wheels" "${packages[@]}" psycopg2-binary
"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --dest "$context/wheels" pip

# The shared layer holds every container's dependencies; the list is read from the
# pyproject.toml files so it is declared in one place only.
"$PYTHON" - "$context/wheels/shared-requirements.txt" "${packages[@]}" <<'EOF'
import re
import sys
import tomllib

out, folders = sys.argv[1], sys.argv[2:]
ours, wanted = set(), {"puzzlesecretary[postgres]"}
for folder in folders:
    with open(f"{folder}/pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    ours.add(project["name"])
    wanted.update(project.get("dependencies", []))
keep = sorted(r for r in wanted if re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0] not in ours - {"puzzlesecretary"})
with open(out, "w", encoding="utf-8") as handle:
    handle.write("\n".join(keep) + "\n")
EOF

labels=(--build-arg "VERSION=$VERSION" --build-arg "REVISION=$REVISION" --build-arg "SOURCE=$SOURCE")

# The wheels are new on every run, so cached layers would never be reused: build without them
# and drop the image a new build replaces, so repeated builds do not fill the disk.
build() {
    local image=$1 old
    shift
    old=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
    echo "building $image"
    podman build --quiet --layers=false "$@" -t "$image" "$context" >/dev/null
    if [[ -n "$old" && "$old" != "$(podman image inspect --format '{{.Id}}' "$image")" ]]; then
        podman rmi "$old" >/dev/null 2>&1 || true
    fi
}
build "$SHARED_IMAGE" -f containers/base/Containerfile --build-arg "BASE_IMAGE=$BASE_IMAGE" "${labels[@]}"

built=()
for name in $CONTAINERS; do
    image=$IMAGE_PREFIX/puzzlesecretary-$name:$IMAGE_TAG
    build "$image" -f containers/Containerfile --build-arg "SHARED_IMAGE=$SHARED_IMAGE" --build-arg "PACKAGE=puzzlesecretary-$name" \
        --build-arg "PORT=${PORT[$name]}" --build-arg "HEALTH_PATH=${HEALTH[$name]}" --build-arg "DESCRIPTION=${DESCRIPTION[$name]}" \
        --build-arg "OPTIMIZE=${OPTIMIZE[$name]:-}" "${labels[@]}"
    built+=("$image")
done

# Sizes: the whole image, and the layers it adds on top of the shared one (what a second
# image costs on disk or to pull).
human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }
shared_size=$(podman image inspect --format '{{.Size}}' "$SHARED_IMAGE")
base_size=$(podman image inspect --format '{{.Size}}' "$BASE_IMAGE")
printf '%-66s %10s %14s\n' IMAGE SIZE "OWN LAYERS"
printf '%-66s %10s %14s\n' "$BASE_IMAGE" "$(human "$base_size")" "$(human "$base_size")"
printf '%-66s %10s %14s\n' "$SHARED_IMAGE" "$(human "$shared_size")" "$(human $((shared_size - base_size)))"
for image in "${built[@]}"; do
    size=$(podman image inspect --format '{{.Size}}' "$image")
    printf '%-66s %10s %14s\n' "$image" "$(human "$size")" "$(human $((size - shared_size)))"
done
