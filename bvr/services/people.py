"""People and their roles (R-2.1), keys (the vault), training (R-4.3), acknowledgements (R-4.1)."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import usernames, vault
from bvr.domain import Role
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES
from bvr.rules import acknowledgements
from bvr.rules.deadlines import local_date
from bvr.rules.verdict import require
from bvr.services import keyring
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Acknowledgement, Person, RoleAssignment, Training
from bvr.storage.models_web import LocalAccount


@dataclass(frozen=True)
class PersonSummary:
    username: str
    language: str
    roles: tuple[Role, ...]
    has_key: bool
    trained_on: date | None
    acknowledged_on: date | None
    pending_keys: int = 0  # keys queued for this person until a key holder unlocks


def add_person(core: Core, username: str, roles: tuple[Role, ...] = (),
               language: str | None = None, email: str | None = None) -> None:
    found = usernames.normalise(username)
    name = found.name
    if not name:
        raise BvrError("core-person-name-empty")
    if not found.valid:  # an officer is a wiki account: never guess which one was meant
        raise BvrError("core-person-name-invalid", name=name)
    language = language or core.config.language
    if language not in LANGUAGES:
        raise BvrError("core-person-language", language=language, choices=", ".join(LANGUAGES))
    with core.database.transaction() as session:
        if _find(session, name) is not None:
            raise BvrError("core-person-exists", name=name)
        person = Person(username=name, language=language, email=_checked_email(email),
                        created_at=core.now())
        session.add(person)
        session.flush()
        for role in roles:
            grant(session, core, person, role)
        audit.append(session, at=core.now(), actor="cli", action="person-added",
                     detail=f"person:{person.id}")
        if roles:
            keyring.reconcile_all(session, core, keyring.Keys(actor="cli"))


def set_email(core: Core, username: str, email: str | None) -> None:
    """Where notifications for this person go (`bvr.notify`: never with case content)."""
    with core.database.transaction() as session:
        person = get(session, username)
        person.email = _checked_email(email)
        audit.append(session, at=core.now(), actor="cli", action="email-set",
                     detail=f"person:{person.id}")


def _checked_email(email: str | None) -> str | None:
    if not email:
        return None
    address = email.strip()
    local, at, domain = address.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in address):
        raise BvrError("core-person-email", email=email)
    return address


def grant_role(core: Core, username: str, role: Role) -> keyring.Outcome:
    """Give a role; whatever it lets the person read is wrapped to them now or queued for
    the next key holder who unlocks (`keyring`). Returns what the keyring did."""
    with core.database.transaction() as session:
        grant(session, core, get(session, username), role)
        return keyring.reconcile_all(session, core, keyring.Keys(actor="cli"))


def revoke_role(core: Core, username: str, role: Role) -> None:
    """Take a role away, and with it every wrapped key it gave (`keyring`)."""
    with core.database.transaction() as session:
        person = get(session, username)
        held = _active(session, person.id, role)
        if held is None:
            raise BvrError("core-person-role-not-held", name=person.username, role=role.value)
        held.revoked_at = core.now()
        audit.append(session, at=core.now(), actor="cli", action="role-revoked",
                     detail=f"person:{person.id} {role.value}")
        # the keys the role gave go in the same unit of work; a copy of the
        # database taken afterwards opens nothing with this person's passphrase.
        keyring.reconcile_all(session, core, keyring.Keys(actor="cli"))


def set_passphrase(core: Core, username: str, new: str, old: str | None = None) -> None:
    """Create the person's key pair, or lock the existing one with a new passphrase.

    Changing needs the old passphrase: there is no reset, because nobody else can unlock a
    person's key. A forgotten passphrase means a new key, and case files must be shared again
    by someone who can open them (`share_case_files`)."""
    # Argon2id runs between two short units of work, not inside one: it takes a while, and
    # units of work run one at a time (docs/decisions/0004).
    with core.database.transaction() as session:
        person = get(session, username)
        current = locked_key(person)
        name = person.username
        known = own_words(person)
        password_hash = session.scalars(select(LocalAccount.password_hash).where(
            LocalAccount.person_id == person.id)).first()
    if current is not None and old is None:
        raise BvrError("core-person-passphrase-old-needed", name=name)
    vault.check_passphrase_strength(new, known)
    # Not the desk password: one string would then both log in and open the key. Checked
    # against the password's hash, so the passphrase is never stored to compare (0006).
    if password_hash is not None and vault.verify_password(password_hash, new):
        raise BvrError("core-secret-same-as-password")
    if current is None or old is None:
        new_key = vault.create_key(new, core.kdf_cost, known)
    else:
        new_key = vault.change_passphrase(current, old, new, core.kdf_cost, known)
    _store_key(core, username, current, new_key, "passphrase-set")


def _store_key(core: Core, username: str, current: vault.LockedKey | None,
               new_key: vault.LockedKey, action: str) -> None:
    with core.database.transaction() as session:
        person = get(session, username)
        if locked_key(person) != current:  # changed meanwhile by someone else: start again
            raise BvrError("core-person-passphrase-changed", name=person.username)
        person.public_key = new_key.public_key
        person.wrapped_private_key = new_key.wrapped_private_key
        person.key_salt = new_key.salt
        person.key_opslimit = new_key.opslimit
        person.key_memlimit = new_key.memlimit
        audit.append(session, at=core.now(), actor=f"person:{person.id}", action=action)
        if current is None:  # a new key pair: what they may read is queued for it
            keyring.reconcile_all(session, core, keyring.Keys(actor=f"person:{person.id}"))


def own_words(person: Person) -> tuple[str, ...]:
    """What an attacker knows of this person and tries first: their username and the name
    of their e-mail address (`bvr.strength`)."""
    mailbox = (person.email or "").partition("@")[0]
    return tuple(w for w in (person.username, mailbox.replace(".", " ")) if w)


def has_key(core: Core, username: str) -> bool:
    with core.database.transaction() as session:
        return locked_key(get(session, username)) is not None


def unlock(core: Core, username: str, passphrase: str) -> vault.UnlockedKey:
    """The person's key, unlocked. A key stored at a lower Argon2id cost than the core's is
    locked again at that cost on the way (the same key pair: wrapped data keys stay valid).
    Unlocking also completes the pending wraps of records this person holds a key to
    (`keyring.complete_pending`): the desk, `bvr people share` and the command line all
    unlock here."""
    with core.database.transaction() as session:
        person = get(session, username)
        key = locked_key(person)
        if key is None:
            raise BvrError("core-person-no-key", name=person.username)
    unlocked = vault.unlock(key, passphrase)  # Argon2id outside the unit of work (see above)
    if core.kdf_cost.exceeds(key.opslimit, key.memlimit):
        upgraded = vault.relock(unlocked, passphrase, core.kdf_cost)
        # Refused only when the passphrase changed meanwhile: that stored a key at this cost.
        with suppress(BvrError):
            _store_key(core, username, key, upgraded, "key-cost-upgraded")
    complete_pending(core, username, unlocked)
    return unlocked


def complete_pending(core: Core, username: str, key: vault.UnlockedKey) -> keyring.Outcome:
    """Complete the wraps waiting for a key this person holds (see `keyring`)."""
    with core.database.transaction() as session:
        if not keyring.any_pending(session):
            return keyring.Outcome()
        return keyring.complete_pending(session, core, get(session, username), key)


def record_training(core: Core, username: str, completed_on: date,
                    course: str = "bvr-ucoc-basic") -> None:
    with core.database.transaction() as session:
        person = get(session, username)
        require(acknowledgements.may_record_training(
            completed_on, local_date(core.now(), core.config.zone)))
        session.add(Training(person_id=person.id, completed_on=completed_on, course=course))
        audit.append(session, at=core.now(), actor="cli", action="training-recorded",
                     detail=f"person:{person.id}")


def record_acknowledgement(core: Core, username: str, signed_on: date, capacity: str) -> None:
    with core.database.transaction() as session:
        person = get(session, username)
        session.add(Acknowledgement(person_id=person.id, signed_on=signed_on,
                                    capacity=capacity))
        audit.append(session, at=core.now(), actor="cli", action="acknowledgement-recorded",
                     detail=f"person:{person.id}")


def list_people(core: Core) -> list[PersonSummary]:
    with core.database.transaction() as session:
        people = session.scalars(select(Person).order_by(Person.username)).all()
        return [_summary(session, person) for person in people]


def get(session: Session, username: str) -> Person:
    person = _find(session, vault.normalise_username(username))
    if person is None:
        raise BvrError("core-person-unknown", name=username)
    return person


def holders(session: Session, roles: frozenset[Role]) -> list[Person]:
    """The people who currently hold any of `roles`."""
    query = (select(Person).join(RoleAssignment)
             .where(RoleAssignment.role.in_(roles), RoleAssignment.revoked_at.is_(None))
             .distinct().order_by(Person.id))
    return list(session.scalars(query))


def current_roles(session: Session, person_id: int) -> frozenset[Role]:
    query = select(RoleAssignment.role).where(RoleAssignment.person_id == person_id,
                                              RoleAssignment.revoked_at.is_(None))
    return frozenset(session.scalars(query))


def locked_key(person: Person) -> vault.LockedKey | None:
    if (person.public_key is None or person.wrapped_private_key is None
            or person.key_salt is None or person.key_opslimit is None
            or person.key_memlimit is None):
        return None
    return vault.LockedKey(person.public_key, person.wrapped_private_key, person.key_salt,
                           person.key_opslimit, person.key_memlimit)


def _find(session: Session, name: str) -> Person | None:
    return session.scalars(select(Person).where(Person.username == name)).first()


def _active(session: Session, person_id: int, role: Role) -> RoleAssignment | None:
    query = select(RoleAssignment).where(RoleAssignment.person_id == person_id,
                                         RoleAssignment.role == role,
                                         RoleAssignment.revoked_at.is_(None))
    return session.scalars(query).first()


def grant(session: Session, core: Core, person: Person, role: Role) -> None:
    """Give `person` a role inside an open unit of work."""
    if _active(session, person.id, role) is not None:
        return  # already held: granting again changes nothing
    session.add(RoleAssignment(person_id=person.id, role=role, granted_at=core.now()))
    audit.append(session, at=core.now(), actor="cli", action="role-granted",
                 detail=f"person:{person.id} {role.value}")


def _summary(session: Session, person: Person) -> PersonSummary:
    trained = session.scalars(select(Training.completed_on)
                              .where(Training.person_id == person.id)
                              .order_by(Training.completed_on.desc())).first()
    acknowledged = session.scalars(select(Acknowledgement.signed_on)
                                   .where(Acknowledgement.person_id == person.id)
                                   .order_by(Acknowledgement.signed_on.desc())).first()
    return PersonSummary(person.username, person.language,
                         tuple(sorted(current_roles(session, person.id))),
                         locked_key(person) is not None, trained, acknowledged,
                         keyring.pending_for_person(session, person.id))
