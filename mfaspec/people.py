"""The cast of a scenario: made-up people, created on first mention, with unique addresses."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from enum import StrEnum

from faker import Faker

from mfaspec import secrets as run_secrets
from mfaspec.authenticator import VirtualAuthenticator
from mfaspec.driver import Enrolment, Person


@functools.cache
def faker_for(locale: str) -> Faker:
    """Return the run's name generator for a locale (building one costs milliseconds)."""
    return Faker(locale)


class SetUpPath(StrEnum):
    """How a state a scenario starts from came to be."""

    HOOK = "hook"
    PAGES = "pages"


@dataclass(frozen=True)
class SetUp:
    """One state a scenario started from, and the way it was set up."""

    state: str
    path: SetUpPath


PRONOUNS = frozenset({"she", "he", "they", "her", "his", "their", "him", "them"})


class Cast:
    """Maps the names a scenario uses ("Alice") to generated people and their phones."""

    def __init__(self, email_domain: str = "example.com", locale: str = "en_GB") -> None:
        self._faker = faker_for(locale)
        self._email_domain = email_domain
        self._people: dict[str, Person] = {}
        self._phones: dict[str, VirtualAuthenticator] = {}
        self._last: Person | None = None
        self.sso: set[str] = set()
        self.backup_codes: dict[str, list[list[str]]] = {}
        self.last_code: dict[str, str] = {}
        self.set_ups: list[SetUp] = []

    def __getitem__(self, label: str) -> Person:
        """Return the person called ``label`` (or the last one named, for a pronoun)."""
        if label.lower() in PRONOUNS:
            if self._last is None:
                raise KeyError(f"{label!r} refers to nobody yet")
            return self._last
        person = self._people.get(label)
        if person is None:
            person = self._invent(label)
            self._people[label] = person
        self._last = person
        return person

    def people(self) -> list[Person]:
        """Return everyone the scenario has named so far."""
        return list(self._people.values())

    def phone(self, person: Person) -> VirtualAuthenticator:
        """Return the authenticator app on the person's phone (installed on first use)."""
        return self._phones.setdefault(person.label, VirtualAuthenticator())

    def keep_backup_codes(self, person: Person, codes: list[str]) -> None:
        """Write down the backup codes the person was shown at once (one, or a list)."""
        for code in codes:
            run_secrets.remember(code)
        self.backup_codes.setdefault(person.label, []).append(codes)

    def enrolled(self, person: Person, enrolment: Enrolment) -> None:
        """Give the person's app and notes what a set-up hook handed over, as the pages would."""
        phone = self.phone(person)
        phone.scan(enrolment.otpauth_uri)
        if enrolment.code_used_at is not None:
            phone.note_typed(enrolment.code_used_at)
        self.keep_backup_codes(person, list(enrolment.backup_codes))

    def set_up(self, state: str, path: SetUpPath) -> None:
        """Note which way a state the scenario starts from was set up."""
        self.set_ups.append(SetUp(state, path))

    def _invent(self, label: str) -> Person:
        surname = self._faker.last_name()
        unique = secrets.token_hex(4)
        email = f"{label.lower()}.{surname.lower()}.{unique}@{self._email_domain}"
        email = "".join(c for c in email if c.isascii() and (c.isalnum() or c in ".@-"))
        password = self._faker.password(length=20, special_chars=True)
        run_secrets.remember(password)
        return Person(label, f"{label} {surname}", email, password)
