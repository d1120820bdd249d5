"""Checking that a webhook really comes from our WAHA: HMAC-SHA512 of the raw body, and its age.

Pure functions; the web layer calls them on the bytes it read, before anything parses them.
"""

from __future__ import annotations

import hashlib
import hmac


class SignatureError(Exception):
    """A webhook's signature or timestamp does not hold: answer 401, store nothing."""


def sign(key: str, body: bytes) -> str:
    """The X-Webhook-Hmac value WAHA sends: lower-case hex HMAC-SHA512 of the raw body."""
    return hmac.new(key.encode("utf-8"), body, hashlib.sha512).hexdigest()


def verify(key: str, body: bytes, signature: str | None, algorithm: str | None) -> None:
    """Raise SignatureError unless `signature` is the body's HMAC-SHA512 under `key`."""
    if not signature:
        raise SignatureError("no X-Webhook-Hmac header: is WHATSAPP_HOOK_HMAC_KEY set on WAHA?")
    if algorithm is not None and algorithm.strip().lower() != "sha512":
        raise SignatureError(f"X-Webhook-Hmac-Algorithm {algorithm!r} is not sha512")
    # Compare bytes of equal meaning in constant time; hex case is not part of the secret.
    if not hmac.compare_digest(sign(key, body).encode("ascii"), signature.strip().lower().encode("ascii", "replace")):
        raise SignatureError("X-Webhook-Hmac does not match the body")


def check_age(timestamp: str | None, now_ms: int, max_skew_s: int) -> None:
    """Raise SignatureError when X-Webhook-Timestamp (ms) is malformed or too far from now.

    A missing header passes: HMAC covers only the body, so the age check is a second line
    against replays, and the event id (deduplicated on store) is the first.
    """
    if timestamp is None:
        return
    try:
        sent = int(timestamp.strip())
    except ValueError:
        raise SignatureError(f"X-Webhook-Timestamp {timestamp[:32]!r} is not milliseconds") from None
    skew = abs(now_ms - sent) / 1000
    if skew > max_skew_s:
        raise SignatureError(f"X-Webhook-Timestamp is {skew:.0f} s from now (limit {max_skew_s} s)")
