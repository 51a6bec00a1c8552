"""Who may log in to the case desk: local accounts and Wikimedia OAuth 2.0 identities.

A login only says who someone is; reading anything still needs their vault passphrase
(`people.unlock`). Only people holding a role (R-2.1) log in. Local passwords are stored as
Argon2id hashes (`nacl.pwhash.str`, at the vault's cost, upgraded at the next login); a failed
login costs the same whether the account exists or not, so the login form does not tell which
usernames are officers. A password must be hard to guess (`bvr.strength`) and must not be the
person's vault passphrase (docs/decisions/0006).
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import select

from bvr import strength, vault
from bvr.errors import BvrError
from bvr.services import people
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Person
from bvr.storage.models_web import LocalAccount, OAuthIdentity

MIN_PASSWORD_LENGTH = 12


@cache
def _dummy_hash(cost: vault.KdfCost) -> bytes:
    """A hash to verify against when there is no account: the same cost as a real one."""
    return vault.hash_password("no such account", cost)


def set_local_password(core: Core, username: str, password: str) -> None:
    """Create or replace a person's local login (development, wikis without OAuth)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BvrError("web-password-short", num_minimum=MIN_PASSWORD_LENGTH)
    with core.database.transaction() as session:
        person = people.get(session, username)
        known = people.own_words(person)
        key = people.locked_key(person)
    strength.require_strong(password, strength.PASSWORD_SCORE, known)
    # Not the vault passphrase: one string would then both log in and open the key. Nothing
    # stores the passphrase to compare with, so try to unlock the key with the password: one
    # Argon2id derivation (about a second) when a password is set, which is rare (0006).
    if key is not None:
        try:
            vault.unlock(key, password).close()
        except vault.WrongPassphrase:
            pass
        else:
            raise BvrError("core-secret-same-as-passphrase")
    hashed = vault.hash_password(password, core.kdf_cost)
    with core.database.transaction() as session:
        person = people.get(session, username)
        account = session.scalars(select(LocalAccount).where(
            LocalAccount.person_id == person.id)).first()
        if account is None:
            session.add(LocalAccount(person_id=person.id, password_hash=hashed,
                                     created_at=core.now()))
        else:
            account.password_hash = hashed
        audit.append(session, at=core.now(), actor="cli", action="local-password-set",
                     detail=f"person:{person.id}")


def check_local_login(core: Core, username: str, password: str) -> str | None:
    """The person's username when the password is right and they hold a role, else None."""
    name = vault.normalise_username(username)
    with core.database.transaction() as session:
        row = session.execute(select(Person.id, LocalAccount.password_hash).join(
            LocalAccount, LocalAccount.person_id == Person.id).where(
            Person.username == name)).first()
    # Argon2id outside the unit of work: it takes a while, and units of work run one at a
    # time (docs/decisions/0004). A name without account costs the same (a dummy hash).
    stored = row[1] if row else _dummy_hash(core.kdf_cost)
    if not vault.verify_password(stored, password) or row is None:
        return None
    # A hash made at a lower cost than today's is made again, now that the password is known.
    upgraded = (vault.hash_password(password, core.kdf_cost)
                if vault.password_hash_below(stored, core.kdf_cost) else None)
    with core.database.transaction() as session:
        person = session.get(Person, row[0])
        if person is None or not people.current_roles(session, person.id):
            return None
        account = session.scalars(select(LocalAccount).where(
            LocalAccount.person_id == person.id)).first()
        if upgraded is not None and account is not None and account.password_hash == stored:
            account.password_hash = upgraded
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action="login-local")
        return person.username


def person_for_oauth(core: Core, server: str, subject: str, username: str) -> str | None:
    """The person behind a Wikimedia account: by its stable subject id once linked; the first
    time by username (officers are registered under their wiki username). None for anyone who
    holds no role."""
    name = vault.normalise_username(username)
    with core.database.transaction() as session:
        identity = session.scalars(select(OAuthIdentity).where(
            OAuthIdentity.server == server, OAuthIdentity.subject == subject)).first()
        if identity is not None:
            person = session.get_one(Person, identity.person_id)
        else:
            found = session.scalars(select(Person).where(Person.username == name)).first()
            if found is None:
                return None
            person = found
            taken = session.scalars(select(OAuthIdentity).where(
                OAuthIdentity.server == server, OAuthIdentity.person_id == person.id)).first()
            if taken is not None:
                return None  # linked to another wiki account already: not by name again
            session.add(OAuthIdentity(person_id=person.id, server=server, subject=subject,
                                      linked_at=core.now()))
        if not people.current_roles(session, person.id):
            return None
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action="login-oauth")
        return person.username
