"""The local wiki farm: reads, rights, BotPasswords and e-mail on real MediaWiki."""

from __future__ import annotations

import pytest

from testbed.mediawiki import ApiError, LocalWiki, WikiFarm
from testbed.smtp import SmtpCapture

pytestmark = pytest.mark.mediawiki


def _two_revisions(wiki: LocalWiki, farm: WikiFarm, title: str) -> int:
    """Create `title` with two revisions as Admin; return the first (hideable) revision id."""
    with wiki.login(farm.admin.name, farm.admin.password) as admin:
        first = admin.post_with_token(action="edit", title=title, text="Melding: geheim")
        admin.post_with_token(action="edit", title=title, text="Melding verplaatst")
    return int(first["edit"]["newrevid"])


def _revision(wiki: LocalWiki, revid: int) -> dict[str, object]:
    data = wiki.api(action="query", prop="revisions", revids=revid, rvprop="ids|comment|content")
    revision: dict[str, object] = data["query"]["pages"][0]["revisions"][0]
    return revision


def test_every_wiki_answers_on_its_own_port(wiki_farm: WikiFarm) -> None:
    names = {}
    for wiki in wiki_farm:
        general = wiki.api(action="query", meta="siteinfo")["query"]["general"]
        assert general["server"] == wiki.url
        names[wiki.name] = general["sitename"]
    assert names == {"nl": "Wikimedia Nederland", "wp": "Wikipedia", "meta": "Meta-Wiki"}
    assert len({wiki.port for wiki in wiki_farm}) == 3


def test_anonymous_read(wiki_farm: WikiFarm) -> None:
    data = wiki_farm["wp"].api(action="query", list="allusers", aulimit=10, auprop="groups")
    users = {user["name"]: user["groups"] for user in data["query"]["allusers"]}
    assert "sysop" in users["Admin"]
    assert "bot" in users["BvrBot"]


def test_admin_hides_a_revision(wiki_farm: WikiFarm) -> None:
    wiki = wiki_farm["nl"]
    revid = _two_revisions(wiki, wiki_farm, "Testbed revisiondelete")
    with wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        answer = admin.post_with_token(
            action="revisiondelete", type="revision", ids=revid, hide="content|comment"
        )
    assert answer["revisiondelete"]["items"][0]["status"] == "Success"
    revision = _revision(wiki, revid)
    assert revision.get("texthidden") is True
    assert revision.get("commenthidden") is True


def test_bot_password_may_hide_and_admin_may_suppress(wiki_farm: WikiFarm) -> None:
    wiki = wiki_farm["meta"]
    bot = wiki_farm.bot_password
    assert bot is not None
    revid = _two_revisions(wiki, wiki_farm, "Testbed suppress")
    with wiki.login(bot.login_name, bot.password) as session:
        session.post_with_token(action="revisiondelete", type="revision", ids=revid, hide="content")
    with wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(
            action="revisiondelete", type="revision", ids=revid, hide="comment", suppress="yes"
        )
    assert _revision(wiki, revid).get("suppressed") is True


def test_emailuser_reaches_the_smtp_capture(wiki_farm: WikiFarm, smtp_capture: SmtpCapture) -> None:
    wiki = wiki_farm["nl"]
    wiki.create_user("Mail target", "Mail-target-2024!", email="target@example.org")
    with wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin:
        admin.post_with_token(
            action="emailuser", target="Mail target", subject="Uw melding", text="Ontvangen."
        )
    message = smtp_capture.wait_for(lambda m: m["Subject"] == "Uw melding", timeout=10)
    assert smtp_capture.sent_to("target@example.org") == [message]
    assert "Ontvangen." in message.get_content()


def test_emailuser_without_address_fails_with_noemail(wiki_farm: WikiFarm) -> None:
    wiki = wiki_farm["wp"]
    wiki.create_user("No mail", "No-mail-user-2024!")
    with (
        wiki.login(wiki_farm.admin.name, wiki_farm.admin.password) as admin,
        pytest.raises(ApiError) as failure,
    ):
        admin.post_with_token(action="emailuser", target="No mail", subject="x", text="y")
    assert failure.value.code == "noemail"


def test_wikis_keep_separate_logins(wiki_farm: WikiFarm) -> None:
    """Cookies ignore ports: distinct cookie prefixes keep one client's logins apart."""
    nl, wp = wiki_farm["nl"], wiki_farm["wp"]
    with nl.login(wiki_farm.admin.name, wiki_farm.admin.password) as session:
        session.api_url = wp.api_url
        user = session.get(action="query", meta="userinfo")["query"]["userinfo"]
    assert user.get("anon") is True
