"""The web adapter: the Flask service with the public report form and the private case desk
(issue 4). It turns web requests into calls on `bvr/` and never imports `bot/`.

`create_app()` is the factory gunicorn runs (`webhook:create_app()`); `webhook.cli:serve` runs
it locally. See docs/web.md.
"""

from webhook.factory import create_app

__all__ = ["create_app"]
