"""A receipt code typed with letters outside ASCII (an accent, full-width letters from an Asian
keyboard) is a code like any other: it opens the channel when it is the code, and otherwise gets
the ordinary "unknown code" page, never a server error (R-7.3: the reporter's only handle)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import BaseWSGIServer, make_server

from bvr.i18n import translate
from testbed.ports import LOOPBACK, free_port, wait_until_listening
from tests.webhook.public.support import open_channel, page_text, receipt_code, submit

UNKNOWN = translate("web-channel-unknown-code", "en")
NON_ASCII_CODES = ["é", "ABCD-EFGH-IJKL-MNOP-QRSÉ-TUVW-XYZ2-3456",
                   "ＡＢＣＤ－ＥＦＧＨ", "ß" * 32, "٣٤٥٦", "\u0301" * 8, "Ǆ" * 16]


def _full_width(code: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)


@pytest.mark.parametrize("code", NON_ASCII_CODES)
def test_R_7_3_a_non_ascii_receipt_code_gets_the_unknown_code_page(
        client: FlaskClient, code: str) -> None:
    for path in ("/channel", "/channel/write"):
        answer = client.post(path, data={"code": code, "text": "hello", "kind": "info",
                                         "csrf_token": _token(client)})
        assert answer.status_code == 404, (path, answer.status_code)
        assert UNKNOWN in page_text(answer)


def test_R_7_3_the_code_typed_in_full_width_letters_still_opens_the_channel(
        client: FlaskClient) -> None:
    code = receipt_code(submit(client))
    answer = open_channel(client, _full_width(code.lower()))
    assert answer.status_code == 200
    assert UNKNOWN not in page_text(answer)


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The app served by werkzeug on a loopback port, as `bvr serve` does."""
    port = free_port()
    server: BaseWSGIServer = make_server(LOOPBACK, port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    assert wait_until_listening(port, 10)
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_R_7_3_a_non_ascii_receipt_code_over_real_http_gets_the_unknown_code_page(
        served: str) -> None:
    with requests.Session() as browser:
        page = browser.get(f"{served}/channel", headers={"Accept-Language": "en"}, timeout=10)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        for code in NON_ASCII_CODES:
            answer = browser.post(f"{served}/channel", timeout=10,
                                  headers={"Accept-Language": "en"},
                                  data={"code": code, "csrf_token": token.group(1)})
            assert answer.status_code == 404, (code, answer.status_code)
            assert UNKNOWN in " ".join(answer.text.replace("&#39;", "'").split())


def _token(client: FlaskClient) -> str:
    from tests.webhook.conftest import form_token

    return form_token(client, "/channel")
