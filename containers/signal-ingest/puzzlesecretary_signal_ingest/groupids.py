"""Signal group ids in their two spellings.

signal-cli-rest-api names a group `group.<base64 of the internal id>`; envelopes carry the
internal id itself (`groupInfo.groupId`, base64 of the 32-byte group identifier). So the
REST id is base64 applied twice (bbernhard/signal-cli-rest-api client.go, convertInternalGroupIdToGroupId).
The store keeps the internal id, because that is what every envelope names.
"""

from __future__ import annotations

import base64
import binascii

PREFIX = "group."


class GroupIdError(ValueError):
    """A text is neither a `group.` id nor an internal Signal group id."""


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise GroupIdError(f"{value!r} is not base64") from error


def to_internal(value: str) -> str:
    """The internal id (as in envelopes) for either spelling of a group id."""
    value = value.strip()
    if value.startswith(PREFIX):
        decoded = _b64(value[len(PREFIX):])
        try:
            internal = decoded.decode("ascii")
        except UnicodeDecodeError as error:
            raise GroupIdError(f"{value!r} does not wrap a base64 internal id") from error
        value = internal
    if not value:
        raise GroupIdError("an empty group id")
    _b64(value)
    return value


def to_rest(internal: str) -> str:
    """The `group.` id signal-cli-rest-api uses for an internal id."""
    return PREFIX + base64.b64encode(internal.encode("ascii")).decode("ascii")
