"""How hard a passphrase or password is to guess: a small typed wrapper around zxcvbn, the
estimator Dropbox published and `zxcvbn` on the package index keeps up (typeshed carries its
stubs). zxcvbn counts the guesses an attacker who knows common passwords, words, names,
keyboard patterns, repeats and dates would need; we add the person's own username and name,
and the words of this service, as words such an attacker knows too.

One threshold for both, zxcvbn's score 4 (at least 10^10 guesses): a vault **passphrase**
guards the private key against an offline copy of the database, where nothing limits the
number of guesses; a desk **password** only logs in, but its Argon2id hash is in that copy too,
and a cracked password tells an attacker how its owner makes secrets (docs/decisions/0006).

A refusal names the weakness zxcvbn found and says how to make a good one, in the person's
language (`core-secret-weak-*`). zxcvbn's own feedback is English only, so it is not shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from zxcvbn import zxcvbn

from bvr.errors import BvrError

PASSPHRASE_SCORE: Final = 4
PASSWORD_SCORE: Final = 4
#: zxcvbn's time grows steeply with length (about 0.1 s at 128 characters, 10 s at 512): only
#: the start is judged. A secret this long that is weak at its start is weak.
JUDGED_LENGTH: Final = 128
#: Words of this service an attacker would try first, besides the person's own names.
CONTEXT_WORDS: Final = ("wikimedia", "wikipedia", "bvr", "friendly space", "nederland")

#: zxcvbn's patterns, by how they are explained; the first one found in a secret is named.
_WEAKNESSES: Final = ("name", "repeat", "sequence", "common", "date")


@dataclass(frozen=True)
class Estimate:
    score: int  # zxcvbn's 0 (trivial) to 4 (at least 10^10 guesses)
    guesses_log10: float
    weakness: str  # one of _WEAKNESSES, or "" when zxcvbn names none


def estimate(secret: str, user_inputs: Iterable[str] = ()) -> Estimate:
    judged = secret[:JUDGED_LENGTH]
    words = {w.lower() for name in user_inputs for w in (name, *name.replace("_", " ").split())
             if w}
    result = zxcvbn(judged, user_inputs=sorted(words | set(CONTEXT_WORDS)),
                    max_length=max(len(judged), 1))
    found = set()
    for match in result["sequence"]:
        pattern = match.get("pattern")
        if pattern == "dictionary":
            found.add("name" if match.get("dictionary_name") == "user_inputs" else "common")
        elif pattern == "spatial":
            found.add("common")
        elif pattern in ("repeat", "sequence", "date"):
            found.add(str(pattern))
        elif pattern == "regex":
            found.add("date")  # zxcvbn's one regex is a recent year
    weakness = next((w for w in _WEAKNESSES if w in found), "")
    return Estimate(int(result["score"]), float(result["guesses_log10"]), weakness)


def require_strong(secret: str, minimum_score: int, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a secret zxcvbn scores below `minimum_score`, saying why and what to do."""
    found = estimate(secret, user_inputs)
    if found.score < minimum_score:
        raise BvrError(f"core-secret-weak-{found.weakness}" if found.weakness
                       else "core-secret-weak")
