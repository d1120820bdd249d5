"""Groups, identities and memberships: who posted where, created on first sight."""

from __future__ import annotations

import secrets
from typing import Collection, Mapping

from ..clock import now_ms
from ..store import Group, Identity, Membership, Player


def new_token() -> str:
    """An unguessable board token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def ensure_group(platform: str, platform_id: str, name: str = "", timezone: str = "UTC") -> Group:
    """The group row for a platform group, created on first sight with a fresh token."""
    group = Group.get_or_none(Group.platform == platform, Group.platform_id == platform_id)
    if group is None:
        group = Group.create(
            platform=platform, platform_id=platform_id, name=name, token=new_token(), timezone=timezone, created_at=now_ms()
        )
    elif name and group.name != name:
        group.name = name
        group.save()
    return group


def ensure_identity(platform: str, sender_id: str, sender_name: str | None) -> Identity:
    """The sender's identity (and player), its display name following the latest one seen."""
    identity = Identity.get_or_none(Identity.platform == platform, Identity.platform_id == sender_id)
    name = (sender_name or "").strip()
    if identity is None:
        player = Player.create(name=name or _anonymous(sender_id), created_at=now_ms())
        return Identity.create(platform=platform, platform_id=sender_id, display_name=name, player=player)
    if name and identity.display_name != name:
        identity.display_name = name
        identity.save()
        player = identity.player
        if len(player.identities) == 1 or _is_anonymous(player.name, sender_id):
            player.name = name
            player.save()
            # Pages are cached per group revision: a new name must show without waiting for a score.
            groups = Membership.select(Membership.group).where(Membership.player == player.id)
            Group.update(revision=Group.revision + 1).where(Group.id.in_(groups)).execute()
    return identity


def _anonymous(sender_id: str) -> str:
    """A name for a sender who sent none: the end of its id, without WhatsApp's "@lid"/"@c.us" suffix.

    The bare last four characters were that suffix for every WhatsApp sender, so all of them
    had one name. Four more characters are taken while another player already has the name.
    """
    local = sender_id.split("@", 1)[0] or sender_id
    for width in (4, 8, len(local)):
        name = "player " + local[-width:]
        if width >= len(local) or not Player.select().where(Player.name == name).exists():
            return name
    return name


def _is_anonymous(name: str, sender_id: str) -> bool:
    """Whether `name` is one _anonymous gave this sender (or an older release did: "player @lid")."""
    tail = name[len("player "):]
    return name.startswith("player ") and bool(tail) and (sender_id.endswith(tail) or sender_id.split("@", 1)[0].endswith(tail))


def direct_groups(
    platform: str,
    sender_id: str,
    aliases: Collection[str] = (),
    within: Collection[str] | None = None,
    members: Mapping[str, frozenset[str]] | None = None,
    timezone: str = "UTC",
) -> list[Group]:
    """The groups a direct message from `sender_id` counts in, by row id: the direct-message fan-out.

    Those the sender has posted in, plus those whose member list (`members`, as the upstream
    lists them: by id or by an alias such as a phone number) names the sender; only groups
    `within` the transport's configured ones, when it has such a list.
    """
    names = {sender_id, *aliases}
    listed = [g for g in sorted(members or {}) if names & (members or {})[g] and (within is None or g in within)]
    groups = {g.id: g for g in (ensure_group(platform, internal, "", timezone) for internal in listed)}
    identity = Identity.get_or_none(Identity.platform == platform, Identity.platform_id == sender_id)
    if identity is not None:
        posted = Group.select().join(Membership).where(Membership.player == identity.player_id, Group.platform == platform)
        if within is not None:
            posted = posted.where(Group.platform_id.in_(list(within)))
        groups.update({g.id: g for g in posted})
    return [groups[k] for k in sorted(groups)]


def copy_id(message_id: str, n: int, group: Group) -> str:
    """A direct message's id in the n-th of its groups: the id itself, then "<id>#<group row id>"."""
    return message_id if n == 0 else f"{message_id}#{group.id}"
