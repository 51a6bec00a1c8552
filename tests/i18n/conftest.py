"""The web fixtures of tests/webhook (a real app on the test core) for the pages' language
tests here."""

from tests.webhook.conftest import app, client, web_core

__all__ = ["app", "client", "web_core"]
