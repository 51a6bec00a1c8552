"""The web adapter: the Flask service with the public report form and the private case desk
(issue 4). It turns web requests into calls on `bvr/` and never imports `bot/`."""
