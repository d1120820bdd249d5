"""The web speaks plain HTTP: TLS is the tunnel's (cloudflared), so the web process loads no OpenSSL.

prometheus_client (its exposition module) and http.client import the `ssl` module at their own
import, and peewee and bottle import `hashlib` and `hmac`, whose OpenSSL backend (`_hashlib`)
comes with them: together they mapped libcrypto and libssl, about 4.6 MiB of the web's RSS
(docs/performance.md, "Issue 16, round 4"), for a TLS the web never speaks and digests the
standard library also has built in.

`without_openssl_hashes()` runs when the package is imported, before peewee: `hashlib` and `hmac`
load with `_hashlib` hidden, and use the built-in sha256, blake2b and md5. `hide()` runs first in
the web's entry points (main.py), which import the app and the server after it: `ssl` becomes a
stand-in whose every name is a class that refuses to be made, so a module that only names `ssl`
at import loads, and anything that would really use TLS fails with MESSAGE instead of quietly.
Nothing changes in a process that has loaded them already (a test run, gunicorn).
"""

from __future__ import annotations

import sys
import types

MESSAGE = "puzzlesecretary-web speaks no TLS: it serves plain HTTP behind the tunnel, which holds the TLS"


class NoTLS:
    """What every name of the stand-in `ssl` module is: refuses to be made."""

    def __init__(self, *args, **kwargs) -> None:
        raise RuntimeError(MESSAGE)


def _stand_in(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    return NoTLS


def without_openssl_hashes() -> None:
    """Import hashlib and hmac (bottle's) with their OpenSSL backend hidden, unless any of them is loaded already."""
    if any(name in sys.modules for name in ("hashlib", "hmac", "_hashlib")):
        return
    sys.modules["_hashlib"] = None  # a None entry makes `import` raise ImportError: both fall back to their own
    try:
        import hashlib  # noqa: F401
        import hmac  # noqa: F401
    finally:
        del sys.modules["_hashlib"]


def hide() -> bool:
    """Put the stand-in `ssl` in place, unless `ssl` is loaded already; whether it did."""
    if "ssl" in sys.modules:
        return False
    stand_in = types.ModuleType("ssl", MESSAGE)
    stand_in.__getattr__ = _stand_in
    sys.modules["ssl"] = stand_in
    return True
