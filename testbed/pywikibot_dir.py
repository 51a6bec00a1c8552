"""A pywikibot configuration directory (`PYWIKIBOT_DIR`) for local wikis.

One pywikibot family per wiki, named `local<name>` (`localnl`, `localwp`, `localmeta`): pywikibot
family names must be letters and digits, and `meta` alone would shadow pywikibot's own Meta
family. Each family is declared in `user-config.py` as `family_files[...] = '<api.php URL>'`
(pywikibot's AutoFamily), so no family file is generated, and its only site has code = family
name: `pywikibot.Site('localnl', 'localnl')`. The bot logs in with its BotPassword, listed in
`user-password.py` (mode 600) as `(code, family, user, BotPassword(appid, password))`.

Throttles are zero (`put_throttle`, `minthrottle`) and retries short, so a failing test fails
fast instead of sleeping through pywikibot's production-grade back-off.

Pywikibot reads its configuration once, when `pywikibot.config` is first imported: set
`PYWIKIBOT_DIR` (and remove `PYWIKIBOT_NO_USER_CONFIG`, which would make it skip
`user-config.py`) before that, or run pywikibot in a subprocess with `environment()`.
`apply_to_loaded_pywikibot()` covers the case where something imported pywikibot earlier
(say with `PYWIKIBOT_NO_USER_CONFIG=2`): it re-runs `user-config.py` into the loaded config and
moves `base_dir`. That works because pywikibot reads families, user names, the password file,
throttles and its data paths (cookies, throttle.ctrl, apicache) when it uses them, not at import.

In tests (fixture `pywikibot_env`): import pywikibot inside the test function, not at the top
of a test module, and get sites with `pywikibot_env.site("nl")`; or run a bot in a subprocess
with `env=pywikibot_env.environ()`. Either way nothing is read from or written to ~/.pywikibot
or the working directory except that pywikibot may create an empty ~/.pywikibot when it was
imported without a user-config first.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from testbed.mediawiki import BotPassword, LocalWiki, WikiFarm

USER_AGENT_DESCRIPTION = "bvr-testbed (local test wikis on 127.0.0.1)"
SETTINGS_APPLIED_IN_PLACE = (
    "family",
    "mylang",
    "password_file",
    "put_throttle",
    "minthrottle",
    "maxthrottle",
    "max_retries",
    "retry_wait",
    "retry_max",
    "read_maxlag",
    "write_maxlag",
    "socket_timeout",
    "user_agent_description",
    "noisysleep",
)


def family_name(wiki: LocalWiki) -> str:
    """The pywikibot family (and site code) of a local wiki."""
    return f"local{wiki.name}"


def user_config(wikis: Iterable[LocalWiki], bot_user: str) -> str:
    """The text of user-config.py for `wikis`, logging in as `bot_user`."""
    wiki_list = list(wikis)
    lines = [
        "# Written by testbed/pywikibot_dir.py for local test wikis; rewritten at every start.",
        f"family = {family_name(wiki_list[0])!r}",
        f"mylang = {family_name(wiki_list[0])!r}",
        "password_file = 'user-password.py'",
        "put_throttle = 0",
        "minthrottle = 0",
        "maxthrottle = 1",
        "max_retries = 2",
        "retry_wait = 1",
        "retry_max = 2",
        "read_maxlag = 30",
        "write_maxlag = 5",
        "socket_timeout = (5, 60)",
        "noisysleep = 60.0",
        f"user_agent_description = {USER_AGENT_DESCRIPTION!r}",
    ]
    for wiki in wiki_list:
        family = family_name(wiki)
        lines.append(f"family_files[{family!r}] = {wiki.api_url!r}")
        lines.append(f"usernames[{family!r}][{family!r}] = {bot_user!r}")
    return "\n".join(lines) + "\n"


def user_password(wikis: Iterable[LocalWiki], bot_password: BotPassword) -> str:
    """The text of user-password.py: one BotPassword line per wiki."""
    appid, password = bot_password.appid, bot_password.password
    lines = []
    for wiki in wikis:
        family = family_name(wiki)
        lines.append(
            f"({family!r}, {family!r}, {bot_password.user!r}, BotPassword({appid!r}, {password!r}))"
        )
    return "\n".join(lines) + "\n"


def write_pywikibot_dir(
    directory: Path, wikis: Iterable[LocalWiki], bot_password: BotPassword
) -> Path:
    """Write user-config.py and user-password.py (mode 600) into `directory`; return it."""
    wiki_list = list(wikis)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "user-config.py").write_text(
        user_config(wiki_list, bot_password.user), encoding="utf-8"
    )
    passwords = directory / "user-password.py"
    passwords.touch(mode=0o600)
    passwords.chmod(0o600)
    passwords.write_text(user_password(wiki_list, bot_password), encoding="utf-8")
    return directory


def other_bot_dir(farm: WikiFarm, directory: Path, groups: Iterable[str],
                  grants: Iterable[str], name: str = "Other bot") -> Path:
    """A new bot account on the farm's `nl` wiki, in group `bot` and `groups`, with a
    BotPassword of `grants`, and a pywikibot directory in `directory` that logs in as it: to
    run a job as an account with other rights, in a subprocess (pywikibot reads its account
    once per process)."""
    wiki = farm["nl"]
    user = f"{name} {secrets.token_hex(3)}"
    wiki.create_user(user, f"Pw-{secrets.token_hex(8)}", groups=("bot", *groups))
    _login, password = wiki.create_bot_password(user, "bvr", tuple(grants))
    return write_pywikibot_dir(directory, farm.wikis.values(), BotPassword(user, "bvr", password))


def environment(directory: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A process environment (from `base`, default os.environ) that uses `directory`."""
    env = dict(os.environ if base is None else base)
    env["PYWIKIBOT_DIR"] = str(directory)
    env.pop("PYWIKIBOT_NO_USER_CONFIG", None)
    return env


def activate(directory: Path) -> None:
    """Point this process's pywikibot at `directory`, loaded or not yet."""
    os.environ["PYWIKIBOT_DIR"] = str(directory)
    os.environ.pop("PYWIKIBOT_NO_USER_CONFIG", None)
    if "pywikibot.config" in sys.modules:
        apply_to_loaded_pywikibot(directory)


def apply_to_loaded_pywikibot(directory: Path) -> None:
    """Run `directory`/user-config.py into an already imported `pywikibot.config`."""
    from pywikibot import config

    source = (directory / "user-config.py").read_text(encoding="utf-8")
    namespace = {
        "family_files": config.family_files,
        "usernames": config.usernames,
    }
    exec(compile(source, str(directory / "user-config.py"), "exec"), namespace)  # noqa: S102
    for name in SETTINGS_APPLIED_IN_PLACE:
        setattr(config, name, namespace[name])
    config.base_dir = str(directory)


class PywikibotEnv:
    """Pywikibot set up for a set of local wikis: what the `pywikibot_env` fixture yields.

    `site(name)` gives a logged-out `APISite` of wiki `name` in this process (pywikibot is
    imported on first use, after `PYWIKIBOT_DIR` was set); `environ()` is the environment for
    running pywikibot in a subprocess instead.
    """

    def __init__(self, directory: Path, wikis: Mapping[str, LocalWiki]) -> None:
        self.directory = directory
        self.wikis = dict(wikis)

    def family(self, name: str) -> str:
        """The pywikibot family name (also the site code) of wiki `name`."""
        return family_name(self.wikis[name])

    def environ(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        return environment(self.directory, base)

    def activate(self) -> None:
        activate(self.directory)

    def site(self, name: str) -> Any:
        """`pywikibot.Site` of wiki `name` (`pywikibot.site.APISite`)."""
        self.activate()
        import pywikibot

        family = self.family(name)
        return pywikibot.Site(family, family)
