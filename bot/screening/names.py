"""Participant names as MediaWiki stores them, and what kind of name each one is.

A screening that compares names must compare them as the wiki does, or "jan_de_Vries" on a
registration page would pass as clean while "Jan de Vries" is blocked. Normalisation and
validity are the project's one normalisation (`bvr.usernames`: MediaWiki's own title rules,
proven against `list=users`), so a name that screening finds is the name a sanction or a case
was indexed under. IP addresses and ranges are reported as such: they are never "clean",
because an IP says nothing about who will walk in.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bvr import usernames


class NameKind(StrEnum):
    ACCOUNT = "account"  # a valid username; whether it exists is for the wiki to say
    IP = "ip"  # an IP address or range: not an account
    INVALID = "invalid"  # not a name MediaWiki could have


@dataclass(frozen=True)
class Name:
    raw: str  # as written in the source
    name: str  # as MediaWiki stores it (IPs upper case, ranges in CIDR form)
    kind: NameKind


@lru_cache(maxsize=65_536)  # a pure function, asked again for every wiki's answer
def normalise(raw: str) -> Name:
    """Classify and normalise one name from a participant list."""
    found = usernames.normalise(raw)
    if found.valid:
        return Name(raw, found.name, NameKind.ACCOUNT)
    ip = _as_ip(found.name)  # IPs, and ranges, which MediaWiki calls invalid user names
    if ip is not None:
        return Name(raw, ip, NameKind.IP)
    return Name(raw, found.name, NameKind.INVALID)


def _as_ip(name: str) -> str | None:
    """MediaWiki's form of an IP or range (IPUtils::sanitizeIP: IPv6 written out in full,
    upper case, without leading zeros), or None when `name` is not one."""
    address, slash, bits = name.partition("/")
    try:
        ip = ipaddress.ip_address(address)
        if slash:
            ipaddress.ip_network(name, strict=False)
    except ValueError:
        return None
    if ip.version == 6:
        address = ":".join(group.lstrip("0") or "0" for group in ip.exploded.split(":"))
    else:
        address = str(ip)
    return f"{address.upper()}{slash}{bits}"
