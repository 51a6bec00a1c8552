"""Attachments to a web report (issue 13, ADR 0015), from the public form to the desk: sealed
with the case key and stripped of EXIF and GPS, the type checked by content, the size limits
refused with the text kept, and handed out only as a sandboxed download to those who may read
the case (R-15.2); anyone else gets the same 404 as for a case that does not exist."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

from PIL import Image
from sqlalchemy import select
from werkzeug.test import EnvironBuilder, TestResponse

from bvr.storage.models import Case
from tests.images import (
    AUTHOR_MARKER,
    CAMERA_MARKER,
    GPS_MARKER,
    PRODUCER_MARKER,
    XMP_MARKER,
    disguised_script,
    pdf,
    pdf_with_metadata,
    photo_with_gps,
)
from tests.webhook.conftest import form_token
from tests.webhook.desk.conftest import Desk
from tests.webhook.public.support import database_contains, page_text

TEXT = "He kept posting my photo in the group chat. PLANTED-ATTACHMENT-TEXT-91d2"


def _send(desk: Desk, files: list[tuple[bytes, str]], text: str = TEXT) -> TestResponse:
    client = desk.app.test_client()
    client.get("/report?uselang=en")
    data: dict[str, Any] = {
        "what_happened": text, "emergency": "0", "is_victim": "1",
        "csrf_token": form_token(client),
        "attachments": [(io.BytesIO(content), name) for content, name in files]}
    # Built here so its body (a temporary file when large) is closed even when the app
    # refused to read it: the test client leaves that to whoever made the environment.
    builder = EnvironBuilder(path="/report", method="POST", data=data,
                             content_type="multipart/form-data")
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def _only_case(desk: Desk) -> str:
    with desk.core.database.transaction() as session:
        return session.scalars(select(Case.number)).one()


def _links(page: TestResponse) -> list[str]:
    return re.findall(r'href="(/desk/case/[^"]+/attachment/\d+)"', page.get_data(as_text=True))


def test_R_7_1_a_photo_is_sealed_without_its_exif_and_gps(desk: Desk) -> None:
    photo = photo_with_gps()
    answer = _send(desk, [(photo, "IMG_2041.JPG"), (pdf(), "chat-log.pdf")])
    assert answer.status_code == 200, page_text(answer)
    raw = desk.raw_database()
    # Neither the file as sent nor anything of its metadata is stored in plain.
    for marker in (CAMERA_MARKER, GPS_MARKER, "IMG_2041", "chat-log"):
        assert not database_contains(desk.core, marker), marker
    if raw is not None:
        assert photo[100:400] not in raw and pdf() not in raw

    dora = desk.login("Dora")
    number = _only_case(desk)
    page = dora.get(f"/desk/case/{number}")
    assert "IMG_2041.jpg" in page_text(page) and "chat-log.pdf" in page_text(page)
    photo_link, pdf_link = _links(page)
    download = dora.get(photo_link)
    assert download.status_code == 200
    cleaned = Image.open(io.BytesIO(download.data))
    assert cleaned.format == "JPEG" and cleaned.size == (48, 64)  # turned upright, then
    assert not cleaned.getexif() and b"Exif" not in download.data
    assert CAMERA_MARKER.encode() not in download.data
    assert GPS_MARKER.encode() not in download.data
    assert dora.get(pdf_link).data.startswith(b"%PDF-")
    if raw is not None:
        assert download.data not in (desk.raw_database() or b"")


def test_R_7_1_a_pdf_is_sealed_without_its_author_dates_and_xmp(desk: Desk) -> None:
    import pikepdf

    sent = pdf_with_metadata()
    answer = _send(desk, [(sent, "chat-log.pdf")])
    assert answer.status_code == 200, page_text(answer)
    for marker in (AUTHOR_MARKER, XMP_MARKER, PRODUCER_MARKER):
        assert not database_contains(desk.core, marker), marker
    dora = desk.login("Dora")
    (link,) = _links(dora.get(f"/desk/case/{_only_case(desk)}"))
    download = dora.get(link).data  # the sealed file, decrypted with the case key
    for marker in (AUTHOR_MARKER, XMP_MARKER, PRODUCER_MARKER):
        assert marker.encode() not in download, marker
    assert b"CreationDate" not in download and b"ModDate" not in download
    with pikepdf.open(io.BytesIO(sent)) as before, pikepdf.open(io.BytesIO(download)) as after:
        assert "/Info" not in after.trailer and "/Metadata" not in after.Root
        assert not any("/Metadata" in o for o in after.objects
                       if isinstance(o, pikepdf.Dictionary | pikepdf.Stream))
        assert after.trailer.ID[0] != before.trailer.ID[0]  # no private document ID
        # What the page shows is kept: the same page, with the same picture.
        assert len(after.pages) == len(before.pages) == 1
        pictures = [[x.read_raw_bytes() for x in d.pages[0].Resources.XObject.values()]
                    for d in (before, after)]
        assert pictures[0] == pictures[1] and len(pictures[0]) == 1


def test_R_7_1_a_pdf_locked_with_a_password_is_refused_with_the_text_kept(
        desk: Desk) -> None:
    answer = _send(desk, [(pdf_with_metadata(password="geheim"), "statement.pdf")])
    assert answer.status_code == 400
    text = page_text(answer)
    assert "statement.pdf" in text and "password" in text and TEXT in text
    with desk.core.database.transaction() as session:
        assert session.scalars(select(Case)).first() is None


def test_R_15_2_an_attachment_comes_only_as_a_sandboxed_download(desk: Desk) -> None:
    _send(desk, [(photo_with_gps(), "photo.jpg")])
    dora = desk.login("Dora")
    (link,) = _links(dora.get(f"/desk/case/{_only_case(desk)}"))
    answer = dora.get(link)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/octet-stream"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert "photo.jpg" in answer.headers["Content-Disposition"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    policy = [p.strip() for p in answer.headers["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert answer.headers["Cache-Control"].startswith("no-store")


def test_R_15_2_who_may_not_read_the_case_gets_404_for_its_attachment(desk: Desk) -> None:
    _send(desk, [(photo_with_gps(), "photo.jpg")])
    number = _only_case(desk)
    (link,) = _links(desk.login("Dora").get(f"/desk/case/{number}"))
    for name in ("Stan", "Vera", "Carl"):  # staff, confidant, a contact person
        assert desk.login(name).get(link).status_code == 404, name
    dora = desk.login("Dora")
    assert dora.get(link.rsplit("/", 1)[0] + "/999999").status_code == 404
    # An attachment of one case is not reached through the number of another.
    other = desk.file()
    assert dora.get(link.replace(number, other)).status_code == 404


def test_R_7_1_a_file_that_is_not_an_image_or_pdf_is_refused_with_the_text_kept(
        desk: Desk) -> None:
    answer = _send(desk, [(disguised_script(), "holiday.jpg")])
    assert answer.status_code == 400
    text = page_text(answer)
    assert "holiday.jpg" in text and "neither an image" in text
    assert TEXT in text and "choose them again" in text
    with desk.core.database.transaction() as session:
        assert session.scalars(select(Case)).first() is None


def test_R_7_1_files_over_the_size_limits_are_refused_with_the_text_kept(desk: Desk) -> None:
    desk.core.config = replace(desk.core.config, web=replace(
        desk.core.config.web, attachment_max_kb=40, attachments_max_kb=60))
    big = photo_with_gps((900, 700)) + b"\0" * 50 * 1024  # over 40 KB on its own
    answer = _send(desk, [(big, "big.jpg")])
    assert answer.status_code == 400
    assert "“big.jpg” is larger than 40 KB" in page_text(answer)
    assert TEXT in page_text(answer)

    part = pdf() + b"%" * 35 * 1024  # each within 40 KB, together over 60 KB
    answer = _send(desk, [(part, "one.pdf"), (part, "two.pdf")])
    assert answer.status_code == 400
    assert "together are larger than 60 KB" in page_text(answer)
    assert TEXT in page_text(answer)
    with desk.core.database.transaction() as session:
        assert session.scalars(select(Case)).first() is None


def test_R_7_1_the_size_refusal_speaks_the_readers_language(desk: Desk) -> None:
    desk.core.config = replace(desk.core.config, web=replace(
        desk.core.config.web, attachment_max_kb=1, attachments_max_kb=60))
    client = desk.app.test_client()
    client.get("/report?uselang=nl")
    answer = client.post("/report", content_type="multipart/form-data", data={
        "what_happened": TEXT, "emergency": "0", "is_victim": "0",
        "csrf_token": form_token(client, "/report?uselang=nl"),
        "attachments": [(io.BytesIO(pdf() + b"%" * 2048), "log.pdf")]})
    assert answer.status_code == 400
    assert "„log.pdf” is groter dan 1 KB" in page_text(answer) and TEXT in page_text(answer)


def test_R_7_1_a_long_text_sent_with_files_comes_back_with_its_count(desk: Desk) -> None:
    size = 20_001
    answer = _send(desk, [(pdf(), "log.pdf")], text="x" * size)
    assert answer.status_code == 400
    assert f"is {size} characters long" in page_text(answer)
    assert "x" * size in answer.get_data(as_text=True)


def test_R_7_1_a_body_over_the_whole_limit_is_refused_before_it_is_read(desk: Desk) -> None:
    from webhook.public import RESCUE_FACTOR

    web = desk.core.config.web
    size = (web.max_form_kb * RESCUE_FACTOR + 2 * web.attachments_max_kb) * 1024 + 1
    answer = _send(desk, [(pdf() + b"%" * size, "log.pdf")])
    assert answer.status_code == 413
    assert TEXT not in page_text(answer)  # not read at all: the page says to go back
    with desk.core.database.transaction() as session:
        assert session.scalars(select(Case)).first() is None
