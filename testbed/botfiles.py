"""The bot's files for the development wiki, so that `bvr wiki install` and `bvr intake` work
right after `bvr devwiki up` with no other step: a `bvr.toml` aimed at the wiki (its pywikibot
family and code, its mail server, a SQLite database next to it), and `env.sh` (mode 600) that
sets `BVR_CONFIG`, `PYWIKIBOT_DIR` and a blind-index key made once and kept. The database is
created (migrated to the current schema) here too."""

from __future__ import annotations

import secrets
from pathlib import Path

from testbed.mediawiki import LocalWiki
from testbed.pywikibot_dir import family_name

CONFIG_NAME = "bvr.toml"
ENV_NAME = "env.sh"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"


def write_bot_files(directory: Path, wiki: LocalWiki, pywikibot_dir: Path,
                    public_url: str | None = None) -> Path:
    """Write `bvr.toml` and `env.sh` into `directory` and create the database; returns the
    path of `env.sh` (to be sourced). `public_url`: where the web service runs (the case
    desk's links in emails); default port 5000."""
    from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG
    from bvr.storage import schema
    from bvr.storage.db import Database

    family = family_name(wiki)
    database = directory / "bvr.sqlite3"
    config = directory / CONFIG_NAME
    config.write_text(
        "# Written by `bvr devwiki up`: the bot against the development wiki.\n"
        f'database_path = "{database}"\n\n'
        f'[wiki]\nfamily = "{family}"\ncode = "{family}"\n\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {wiki.smtp_port}\n\n'
        f'[web]\npublic_url = "{public_url or DEFAULT_PUBLIC_URL}"\n', encoding="utf-8")
    env = directory / ENV_NAME
    key = _kept_key(env, ENV_BLIND_INDEX_KEY)
    env.touch(mode=0o600)
    env.chmod(0o600)
    env.write_text(
        "# Written by `bvr devwiki up`; source it: . " + str(env) + "\n"
        f"export {ENV_CONFIG}='{config}'\n"
        f"export PYWIKIBOT_DIR='{pywikibot_dir}'\n"
        f"export {ENV_BLIND_INDEX_KEY}='{key}'\n", encoding="utf-8")
    engine = Database(f"sqlite:///{database}")
    try:
        schema.upgrade(engine)
    finally:
        engine.dispose()
    return env


def _kept_key(env: Path, name: str) -> str:
    """The blind-index key of an earlier `up` (the database's index depends on it), or a new
    one."""
    if env.is_file():
        for line in env.read_text(encoding="utf-8").splitlines():
            prefix = f"export {name}='"
            if line.startswith(prefix):
                return line[len(prefix):].rstrip("'")
    return secrets.token_hex(32)
