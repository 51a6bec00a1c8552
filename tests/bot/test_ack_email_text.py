"""The acknowledgement email tells the reporter where to answer: the configured contact
address, else the contact persons; never "reply to this email", whose replies reach only the
bot account's mailbox (issue 15, item 8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.intake.job import acknowledgement
from bvr.config import Config
from bvr.i18n import LANGUAGES
from bvr.services.core import Core
from bvr.storage.db import Database

REPLY_TO_THIS = ("reply to this email or", "beantwoord dan deze e-mail",
                 "svara på detta e-postmeddelande eller")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_acknowledgement_names_where_to_answer(lang: str) -> None:
    database = Database("sqlite://")
    core = Core(replace(Config(), contact_address="bvr@example.org"), database,
                clock=lambda: datetime(2026, 3, 14, tzinfo=UTC))
    _subject, body = acknowledgement(core, "BVR-2026-0001-X", lang, emergency=False)
    assert "bvr@example.org" in body and "BVR-2026-0001-X" in body
    assert not any(phrase in body.lower() for phrase in REPLY_TO_THIS)
    core.config = Config()
    _subject, body = acknowledgement(core, "BVR-2026-0001-X", lang, emergency=True)
    assert "@" not in body
    assert not any(phrase in body.lower() for phrase in REPLY_TO_THIS)
    database.dispose()
