"""The bot reaches the real local association wiki, logged in with its BotPassword."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.site import connect
from bvr.config import Config, Wiki
from bvr.errors import BvrError

pytestmark = pytest.mark.mediawiki


def test_bot_logs_in_with_its_botpassword_and_says_who_it_is(
        pywikibot_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pywikibot_env.activate()
    from pywikibot import config as pwb_config

    # Without a description in user-config.py, the bot describes itself.
    monkeypatch.setattr(pwb_config, "user_agent_description", None)
    family = pywikibot_env.family("nl")
    site = connect(replace(Config(), wiki=Wiki(family=family, code=family)))
    assert site.logged_in()
    assert site.user() == "BvrBot"
    from pywikibot.comms.http import user_agent

    assert "BVR-bot/" in user_agent(site)


def test_unknown_wiki_is_a_clear_error(pywikibot_env: Any) -> None:
    pywikibot_env.activate()
    with pytest.raises(BvrError, match="cannot be reached"):
        connect(replace(Config(), wiki=Wiki(family="nosuchfamily", code="xx")))
