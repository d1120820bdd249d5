"""Render deploy/flatcar/puzzlesecretary.bu into the Ignition config a Flatcar VM boots from.

Butane is not packaged for Debian, so `make flatcar` does what `butane --strict --files-dir DIR`
does for the part of the Butane flatcar 1.0.0 spec this config uses (coreos/butane
docs/config-flatcar-v1_0.md): flatcar 1.0.0 becomes Ignition 3.3.0, storage and passwd entries
carry over (keys in Ignition's camelCase), and each file's `inline:` or `local:` contents become
a data URL (RFC 2397) in `contents.source`. Any key outside that part is refused, as --strict refuses unknown keys, so
the Butane file stays the one source: what it says is what the VM gets.

  python deploy/flatcar/render.py --files-dir build/flatcar/home [--ssh-key FILE] BUTANE > config.ign
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from pathlib import Path

import yaml

# flatcar 1.0.0 and not 1.1.0 (Ignition 3.4.0): ignition-validate 2.14, the one Debian has, knows
# specs up to 3.3.0, and every Flatcar release boots 3.3.0 configs.
VARIANTS = {("flatcar", "1.0.0"): "3.3.0"}
TOP = {"variant", "version", "passwd", "storage"}
USER = {"name", "ssh_authorized_keys", "groups", "home_dir", "shell", "uid", "no_create_home", "primary_group", "system"}
NODE = {"path", "mode", "user", "group", "overwrite"}
FILE = NODE | {"contents", "append"}
LINK = {"path", "target", "hard", "user", "group", "overwrite"}
CONTENTS = {"inline", "local"}
OWNER = {"name", "id"}


class ButaneError(ValueError):
    pass


def check_keys(where: str, entry: dict, allowed: set[str]) -> None:
    if not isinstance(entry, dict):
        raise ButaneError(f"{where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - allowed
    if unknown:
        raise ButaneError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def camel(key: str) -> str:
    """Butane's snake_case key as Ignition's JSON spells it (ssh_authorized_keys: sshAuthorizedKeys)."""
    first, *rest = key.split("_")
    return first + "".join(part.title() for part in rest)


def data_url(data: bytes) -> str:
    return "data:," + urllib.parse.quote(data, safe="")


def node(where: str, entry: dict, allowed: set[str]) -> dict:
    check_keys(where, entry, allowed)
    if not str(entry.get("path", "")).startswith("/"):
        raise ButaneError(f"{where}: path must be absolute, got {entry.get('path')!r}")
    out = {}
    for key, value in entry.items():
        if key in ("user", "group"):
            check_keys(f"{where}.{key}", value, OWNER)
        if key == "mode" and (not isinstance(value, int) or isinstance(value, bool)):
            raise ButaneError(f"{where}: mode must be a number such as 0644, got {value!r}")
        out[key] = value
    return out


def contents(where: str, spec: dict, files_dir: Path | None) -> dict:
    check_keys(where, spec, CONTENTS)
    if len(spec) != 1:
        raise ButaneError(f"{where}: give exactly one of inline or local")
    if "inline" in spec:
        return {"source": data_url(str(spec["inline"]).encode())}
    if files_dir is None:
        raise ButaneError(f"{where}: local contents need --files-dir")
    local = (files_dir / spec["local"]).resolve()
    if not local.is_relative_to(files_dir.resolve()):
        raise ButaneError(f"{where}: {spec['local']} is outside --files-dir")
    if not local.is_file():
        raise ButaneError(f"{where}: {spec['local']} is not in {files_dir} (run deploy/flatcar/prepare.sh)")
    return {"source": data_url(local.read_bytes())}


def render(butane: dict, files_dir: Path | None, ssh_keys: list[str] | None = None) -> dict:
    """The Ignition config for a parsed Butane config."""
    check_keys("config", butane, TOP)
    spec = VARIANTS.get((butane.get("variant"), str(butane.get("version"))))
    if spec is None:
        raise ButaneError(f"only {sorted(VARIANTS)} are rendered, not {butane.get('variant')} {butane.get('version')}")
    ignition: dict = {"ignition": {"version": spec}}
    users = []
    for index, user in enumerate(butane.get("passwd", {}).get("users", [])):
        check_keys(f"passwd.users[{index}]", user, USER)
        user = {**user, **({"ssh_authorized_keys": ssh_keys} if ssh_keys and index == 0 else {})}
        users.append({camel(key): value for key, value in user.items()})
    if users:
        ignition["passwd"] = {"users": users}
    storage = butane.get("storage", {})
    check_keys("storage", storage, {"directories", "files", "links"})
    out: dict = {}
    for index, entry in enumerate(storage.get("directories", [])):
        out.setdefault("directories", []).append(node(f"storage.directories[{index}]", entry, NODE))
    for index, entry in enumerate(storage.get("files", [])):
        where = f"storage.files[{index}]"
        rendered = node(where, entry, FILE)
        if "contents" in entry:
            rendered["contents"] = contents(f"{where}.contents", entry["contents"], files_dir)
        if "append" in entry:
            rendered["append"] = [contents(f"{where}.append[{i}]", part, files_dir) for i, part in enumerate(entry["append"])]
        out.setdefault("files", []).append(rendered)
    for index, entry in enumerate(storage.get("links", [])):
        out.setdefault("links", []).append(node(f"storage.links[{index}]", entry, LINK))
    if out:
        ignition["storage"] = out
    return ignition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("butane", type=Path)
    parser.add_argument("--files-dir", type=Path, help="where local: contents are read from (prepare.sh stages it)")
    parser.add_argument("--ssh-key", type=Path, help="public key file(s) for the first user, instead of the placeholder")
    args = parser.parse_args(argv)
    keys = None
    if args.ssh_key:
        keys = [line.strip() for line in args.ssh_key.read_text().splitlines() if line.strip() and not line.startswith("#")]
    try:
        config = render(yaml.safe_load(args.butane.read_text()), args.files_dir, keys)
    except (ButaneError, OSError, yaml.YAMLError) as error:
        print(f"render: {args.butane}: {error}", file=sys.stderr)
        return 1
    json.dump(config, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
