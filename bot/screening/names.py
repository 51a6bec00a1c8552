"""Participant names as MediaWiki stores them, and what kind of name each one is.

A screening that compares names must compare them as the wiki does, or "jan_de_Vries" on a
registration page would pass as clean while "Jan de Vries" is blocked. Normalisation follows
MediaWiki's title rules for the user namespace (`bvr.vault.normalise_username`, plus the
invisible direction marks MediaWiki strips); validity follows `UserNameUtils::isValid` of
MediaWiki 1.39. IP addresses and ranges are reported as such: they are never "clean", because an
IP says nothing about who will walk in.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bvr.vault import normalise_username

#: Characters MediaWiki never allows in a title, plus `/` (UserNameUtils::isValid).
_ILLEGAL = set("#<>[]|{}/\x7f") | {chr(c) for c in range(32)}
#: UserNameUtils::isValid's "troublemaker" characters.
_TROUBLEMAKERS = re.compile("[\u0080-\u009f\u00a0\u2000-\u200f\u2028-\u202f\u3000\ue000-\uf8ff]")
#: Direction marks MediaWiki's title codec removes before anything else.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
MAX_NAME_BYTES = 255


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
    text = raw.translate(_DIRECTION_MARKS)
    name = normalise_username(text)
    ip = _as_ip(name)
    if ip is not None:
        return Name(raw, ip, NameKind.IP)
    if (not name or any(c in _ILLEGAL for c in name) or _TROUBLEMAKERS.search(name)
            or len(name.encode("utf-8")) > MAX_NAME_BYTES or name.startswith(":")):
        return Name(raw, name, NameKind.INVALID)
    return Name(raw, name, NameKind.ACCOUNT)


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
