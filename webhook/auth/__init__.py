"""All authentication of the case desk, in one package to review as one unit:

- `sessions`: the server-side session store; the unlocked vault key lives only here, in memory,
  under a random session id; the browser's cookie holds that id and nothing else.
- local accounts (development, wikis without OAuth), Argon2id password hashes: in the core,
  `bvr.services.casework_accounts`, with `bvr desk-account` to set one (`webhook.cli`).
- `oauth`: Wikimedia OAuth 2.0 with Authlib against `config.web.oauth_server`.
- `views`: login, unlock (the vault passphrase), logout.
- `guard`: `desk_required`, the check every desk page passes.
"""
