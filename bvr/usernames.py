"""Wiki usernames as MediaWiki itself canonicalises them, or "invalid" where it would.

One function, `normalise`, used for every comparison of names: the involvement checks, the
blind index, sanctions and screening. It follows MediaWiki 1.39 step by step, because a name
MediaWiki reads as the user X must be the user X here too ("Dora\u200eDirector",
"User:Dora_Director" and "gebruiker: dora director" are all Dora Director):

1. the API's input handling: NFC (`WebRequest` runs `UtfNormal\\Validator::cleanUp`);
2. `UserNameUtils::getCanonical($name, RIGOR_VALID)`: upper-case the first letter, refuse `#`,
   parse as a title in the user namespace (`MediaWikiTitleCodec::splitTitleString`: drop
   direction marks, fold every kind of space and underscores, resolve the namespace prefix,
   refuse interwikis, illegal characters and relative paths, upper-case the first letter,
   sanitise IPs), refuse a title outside the user namespace;
3. `UserNameUtils::isValid`: refuse IPs, `/`, names too long, names that parse differently
   as a title of their own (a second namespace prefix), and the "troublemaker" characters.

What `list=users` answers for a name is what this module returns; `tests/
test_usernames_parity.py` proves it against MediaWiki itself. IPs are named as such (`NameKind.
IP`): MediaWiki calls them invalid as user names, but a report may still name one.
"""

from __future__ import annotations

import html.entities
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from bvr.titlerules import NS_MAIN, NS_TALK, NS_USER, NS_USER_TALK, PROJECT_RULES, TitleRules

#: splitTitleString: "Strip Unicode bidi override characters".
_DIRECTION_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]+")
#: splitTitleString: "Clean up whitespace": every kind of space and underscores become one `_`.
_SPACES = re.compile("[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
#: splitTitleString's prefix pattern (`/^(.+?)_*:_*(.*)$/S`: `.` stops at a newline).
_PREFIX = re.compile(r"^([^\n]+?)_*:_*([^\n]*)$")
#: MediaWikiTitleCodec::getTitleInvalidRegex over $wgLegalTitleChars; `\x80-\xFF` there are
#: bytes of UTF-8, so every non-ASCII character is legal.
_ILLEGAL = re.compile(r"[^ %!\"$&'()*,\-./0-9:;=?@A-Z\\^_`a-z~\u0080-\U0010ffff+]"
                      r"|%[0-9A-Fa-f]{2}|&[A-Za-z0-9\u0080-\U0010ffff]+;")
#: UserNameUtils::isValid's "troublemaker" characters.
_TROUBLEMAKERS = re.compile("[\u0080-\u009f\u00a0\u2000-\u200f\u2028-\u202f\u3000\ue000-\uf8ff]")
#: UserNameUtils::isIP: any dotted quad, valid or not, and "1.2.3.xxx".
_ANY_IPV4 = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.(?:xxx|\d{1,3})$", re.ASCII)
#: Sanitizer::CHAR_REFS_REGEX (a lone `&` counts as a match too: it makes the text NFC).
_CHAR_REFS = re.compile(r"&([A-Za-z0-9\u0080-\U0010ffff]+;)|&#([0-9]+);|&#[xX]([0-9A-Fa-f]+);|&")
#: Sanitizer::MW_ENTITY_ALIASES.
_ENTITY_ALIASES = {"רלמ;": "rlm;", "رلم;": "rlm;"}
#: What UtfNormal's cleanUp turns into U+FFFD, which titles refuse.
_UNCLEAN = re.compile("[\ufffd\ufffe\uffff\ud800-\udfff]")


class NameKind(StrEnum):
    ACCOUNT = "account"  # a valid user name; whether the account exists is for the wiki to say
    IP = "ip"  # an IP address: not an account, but a report may name one
    INVALID = "invalid"  # no name MediaWiki would accept


@dataclass(frozen=True)
class Username:
    raw: str  # as written
    name: str  # MediaWiki's canonical form; for an invalid name, `cleaned(raw)` capitalised
    kind: NameKind

    @property
    def valid(self) -> bool:
        return self.kind is NameKind.ACCOUNT


class _Malformed(Exception):
    """The title parser refuses the text (MalformedTitleException)."""


def cleaned(raw: str) -> str:
    """Only what MediaWiki does to any text before judging it: NFC, no direction marks, one
    space for any run of spaces and underscores, trimmed. The form kept for invalid names."""
    text = _DIRECTION_MARKS.sub("", unicodedata.normalize("NFC", raw))
    return _SPACES.sub(" ", text).strip(" ")


# Not cached: the names of parties pass through here, and a cache would keep them in the
# web process's memory (bot/screening/names.py caches for the screening job).
def normalise(raw: str, rules: TitleRules = PROJECT_RULES) -> Username:
    """`raw` as MediaWiki's `list=users` reads it: canonical name, IP, or invalid."""
    if _UNCLEAN.search(raw):
        text = cleaned(raw.encode("utf-8", "replace").decode())
        return Username(raw, ucfirst(text, rules), NameKind.INVALID)
    text = ucfirst(unicodedata.normalize("NFC", raw), rules)
    try:
        if "#" in text:
            raise _Malformed
        namespace, dbkey = _split(text, NS_USER, rules)
        if namespace != NS_USER:
            raise _Malformed
        # The API answers in NFC (ApiResult::validateValue): "i\u0307x" is "İx" there.
        name = unicodedata.normalize("NFC", dbkey.replace("_", " "))
        if _is_ip(name):
            return Username(raw, name, NameKind.IP)
        _check_valid(name, rules)
    except _Malformed:
        return Username(raw, ucfirst(cleaned(raw), rules), NameKind.INVALID)
    return Username(raw, name, NameKind.ACCOUNT)


def canonical(raw: str, rules: TitleRules = PROJECT_RULES) -> str | None:
    """The canonical user name, or None when MediaWiki would not accept `raw` as one."""
    found = normalise(raw, rules)
    return found.name if found.valid else None


def user_of_link(title: str, rules: TitleRules = PROJECT_RULES) -> Username | None:
    """The user whose page (or subpage) the link target `title` is, as MediaWiki resolves
    `[[title]]`: "User:Dora/sandbox", ":gebruiker:dora" and "User\u00a0:Dora" are Dora's; "Dora"
    is an article and "User talk:Dora" a talk page, so None."""
    try:
        namespace, dbkey = _split(title, NS_MAIN, rules)
    except _Malformed:
        return None
    if namespace != NS_USER:
        return None
    return normalise(dbkey.split("/", 1)[0], rules)


def ucfirst(text: str, rules: TitleRules = PROJECT_RULES) -> str:
    """`Language::ucfirst`: ASCII by the byte, anything else by `mb_strtoupper` of the first
    character (full case mapping: "ß" becomes "SS"), unless the wiki overrides it."""
    if not text:
        return text
    first = text[0]
    if rules.turkic and first == "i":
        return "İ" + text[1:]  # LanguageTr::ucfirst
    if ord(first) < 96:
        return text
    if ord(first) < 128:
        return first.upper() + text[1:]
    return rules.ucfirst_overrides.get(first, first.upper()) + text[1:]


def _check_valid(name: str, rules: TitleRules) -> None:
    """UserNameUtils::isValid, after the IP test."""
    if (not name or "/" in name or len(name.encode("utf-8")) > rules.max_name_bytes
            or name != ucfirst(name, rules) or _TROUBLEMAKERS.search(name)):
        raise _Malformed
    namespace, dbkey = _split(name, NS_MAIN, rules)
    if namespace != NS_MAIN or dbkey.replace("_", " ") != name:
        raise _Malformed


def _decode_references(text: str) -> str:
    """Sanitizer::decodeCharReferencesAndNormalize: "&eacute;", "&#233;" and "&#xE9;" are
    "é"; invalid code points become U+FFFD; NFC again when anything matched."""
    def decoded(match: re.Match[str]) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            named = _ENTITY_ALIASES.get(named, named)
            return html.entities.html5.get(named, "&" + named)
        if decimal or hexadecimal:
            point = int(decimal) if decimal else int(hexadecimal, 16)
            valid = (point in (0x09, 0x0A) or 0x20 <= point <= 0x7E or 0xA0 <= point <= 0xD7FF
                     or 0xE000 <= point <= 0xFFFD or 0x10000 <= point <= 0x10FFFF)
            return chr(point) if valid else "\ufffd"
        return match.group(0)

    replaced, count = _CHAR_REFS.subn(decoded, text)
    return unicodedata.normalize("NFC", replaced) if count else text


def _split(text: str, namespace: int, rules: TitleRules) -> tuple[int, str]:
    """MediaWikiTitleCodec::parseTitle: (namespace, dbkey), or _Malformed. Interwiki titles
    are refused here, since neither caller accepts one."""
    text = _decode_references(text)
    dbkey = _SPACES.sub("_", _DIRECTION_MARKS.sub("", text.replace(" ", "_"))).strip("_")
    if "\ufffd" in dbkey:
        raise _Malformed
    if dbkey.startswith(":"):
        namespace = NS_MAIN
        dbkey = dbkey[1:].strip("_")
    if not dbkey:
        raise _Malformed
    namespace, dbkey = _prefix(namespace, dbkey, rules)
    if "#" in dbkey:  # a section of the page (getCanonical refused "#" before this)
        dbkey = dbkey.split("#", 1)[0].rstrip("_")
    if (_ILLEGAL.search(dbkey) or _relative(dbkey) or "~~~" in dbkey
            or len(dbkey.encode("utf-8")) > 255):
        raise _Malformed
    dbkey = ucfirst(dbkey, rules)
    if not dbkey and namespace != NS_MAIN:
        raise _Malformed
    if namespace in (NS_USER, NS_USER_TALK):
        dbkey = _sanitize_ip(dbkey)
    if dbkey.startswith(":"):
        raise _Malformed
    return namespace, dbkey


def _prefix(namespace: int, dbkey: str, rules: TitleRules) -> tuple[int, str]:
    """splitTitleString's "Namespace or interwiki prefix": one namespace prefix is taken off
    (a second one stays part of the title); an interwiki prefix is refused."""
    prefixed = _PREFIX.match(dbkey)
    if not prefixed:
        return namespace, dbkey
    prefix, rest = prefixed.groups()
    number = rules.namespace(prefix)
    if number is None:
        if rules.is_interwiki(prefix):
            raise _Malformed
        return namespace, dbkey  # no namespace: the colon is part of the title
    if number == NS_TALK:
        inner = _PREFIX.match(rest)
        if inner and (rules.namespace(inner.group(1)) or rules.is_interwiki(inner.group(1))):
            raise _Malformed  # Talk:File:x
    return number, rest


def _relative(dbkey: str) -> bool:
    """Titles that browsers would resolve as relative paths."""
    return "." in dbkey and (
        dbkey in (".", "..") or dbkey.startswith(("./", "../")) or "/./" in dbkey
        or "/../" in dbkey or dbkey.endswith(("/.", "/..")))


def _is_ip(name: str) -> bool:
    """UserNameUtils::isIP."""
    if _ANY_IPV4.match(name):
        return True
    try:
        ipaddress.IPv6Address(name)
    except ValueError:
        return False
    return True


def _sanitize_ip(dbkey: str) -> str:
    """IPUtils::sanitizeIP: IPv4 without leading zeros, IPv6 written out in upper case."""
    address, slash, bits = dbkey.partition("/")
    octets = address.split(".")
    if len(octets) == 4 and all(o.isascii() and o.isdigit() and len(o) <= 3 and int(o) < 256
                                for o in octets):
        return ".".join(str(int(o)) for o in octets) + slash + bits
    try:
        ip = ipaddress.IPv6Address(address)
    except ValueError:
        return dbkey
    full = ":".join(group.lstrip("0") or "0" for group in ip.exploded.split(":"))
    return full.upper() + slash + bits


def legacy_v1(name: str) -> str:
    """The normalisation the blind index used up to version 1 (before issue 11), kept only
    to match rows that `bvr vault reindex` has not yet brought to the current version."""
    name = " ".join(unicodedata.normalize("NFC", name).replace("_", " ").split())
    return name[:1].upper() + name[1:]


#: The blind-index version `index_text` writes now; rows record the version they were written
#: with (`blind_index_version`), and `bvr vault reindex` brings older rows up to this one.
INDEX_VERSION = 2
_INVALID_MARK = "\x00invalid\x00"  # no valid name or IP contains NUL: no collision


def index_text(raw: str, version: int = INDEX_VERSION) -> str:
    """What the blind index hashes for `raw`: the canonical name or IP; for an invalid name,
    its cleaned text marked as invalid, so the same invalid text still finds itself but
    never a real user's rows."""
    if version == 1:
        return legacy_v1(raw)
    found = normalise(raw)
    return found.name if found.kind is not NameKind.INVALID else _INVALID_MARK + found.name
