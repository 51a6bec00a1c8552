"""The one way the bot's jobs reach a wiki: a logged-in pywikibot site for the configuration.

Pywikibot brings the etiquette we rely on: its throttles between reads and edits, maxlag with
backoff, retries on server errors and lost sessions, and the BotPassword login from
`user-password.py` in `$PYWIKIBOT_DIR` (see `user-config.py.example`). This module only adds a
descriptive user agent and a clear error when the wiki cannot be reached or the login fails.
"""

from __future__ import annotations

from typing import Any

from bvr import __version__
from bvr.config import Config
from bvr.errors import BvrError

USER_AGENT = "BVR-bot/{version} (Friendly Space Policy protocol of {association})"


def connect(config: Config, *, login: bool = True) -> Any:
    """The association wiki as a `pywikibot.site.APISite`, logged in unless `login` is False.

    pywikibot is imported here, not at module level, so that `$PYWIKIBOT_DIR` can be chosen
    before pywikibot reads its configuration.
    """
    import pywikibot
    from pywikibot import config as pwb_config
    from pywikibot.exceptions import Error as PywikibotError

    if not pwb_config.user_agent_description:  # user-config.py may say more (a contact)
        pwb_config.user_agent_description = USER_AGENT.format(
            version=__version__, association=config.association)
    try:
        site = pywikibot.Site(config.wiki.code, config.wiki.family)
        if login:
            site.login()
    except PywikibotError as error:
        raise BvrError("bot-site-unreachable", family=config.wiki.family,
                       code=config.wiki.code, kind=type(error).__name__) from None
    if login and not site.logged_in():
        raise BvrError("bot-login-failed", family=config.wiki.family)
    return site
