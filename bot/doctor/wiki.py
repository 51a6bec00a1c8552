"""The wiki's side of `bvr doctor`: can the bot reach the wiki and do what each job needs?

A right can be missing in two places, with two different fixes: the bot's account lacks it
(its user groups), or the account has it but the BotPassword's grants do not pass it on. The
account's own rights are its groups' rights (`siprop=usergroups`); what this session may do
(the account's rights narrowed by the grants) comes from `meta=userinfo&uiprop=rights`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bvr.config import Config
from bvr.doctor import Check, Status, ok, problem
from bvr.errors import BvrError
from bvr.i18n import Message


@dataclass(frozen=True)
class Need:
    """A right a job needs; `grant` is the BotPassword grant that passes it on."""

    right: str
    grant: str
    jobs: str
    status: Status = Status.ERROR  # how bad its absence is


NEEDS = (
    Need("delete", "delete", "intake"),
    Need("deleterevision", "delete", "intake"),
    # Intake hides with `deleterevision` when it may not suppress: weaker, not broken.
    Need("suppressrevision", "oversight", "intake", Status.WARNING),
    Need("protect", "protect", "wiki install"),
    Need("editinterface", "editinterface", "footers"),  # or the wider editsiteconfig
    Need("sendemail", "sendemail", "intake, acks"),
)
# The templates of `templates_wiki/` use these (the form, `{{#if:}}`, the report gadget).
EXTENSIONS = ("InputBox", "ParserFunctions", "Gadgets")


def wiki_checks(config: Config) -> list[Check]:
    """Every check of the association wiki and of the screening wikis."""
    from bot.site import connect

    try:
        site = connect(config)
    except BvrError as error:
        return [Check("wiki", Status.ERROR, error.message,
                      Message("doctor-wiki-fix", {"family": config.wiki.family,
                                                  "code": config.wiki.code}))]
    checks = [ok("wiki", "doctor-wiki-ok", family=config.wiki.family, user=site.user())]
    checks += _rights(site)
    checks += _extensions(site)
    checks.append(_email(site))
    checks += screening_checks(config)
    return checks


def _rights(site: Any) -> list[Check]:
    user = site.user()
    account = _account_rights(site, user)
    session = set(site.simple_request(action="query", meta="userinfo",
                                      uiprop="rights").submit()["query"]["userinfo"]["rights"])
    checks: list[Check] = []
    for need in NEEDS:
        name = f"right-{need.right}"
        params = {"right": need.right, "grant": need.grant, "jobs": need.jobs, "user": user}
        if need.right not in account:
            checks.append(problem(name, need.status, "doctor-right-missing",
                                  "doctor-right-fix", **params))
        elif need.right not in session:
            checks.append(problem(name, need.status, "doctor-grant-missing",
                                  "doctor-grant-fix", **params))
        else:
            checks.append(ok(name, "doctor-right-ok", **params))
    return checks


def _account_rights(site: Any, user: str) -> set[str]:
    """The rights of the account's groups, as the wiki's configuration gives them. Not
    `list=users&usprop=rights`: asked about itself, the session answers with its own rights,
    already narrowed by the BotPassword's grants."""
    answer = site.simple_request(action="query", list="users", ususers=user,
                                 usprop="groups|implicitgroups", meta="siteinfo",
                                 siprop="usergroups").submit()["query"]
    found = answer["users"][0]
    groups = {*found.get("groups", []), *found.get("implicitgroups", [])}
    return {right for group in answer["usergroups"] if group["name"] in groups
            for right in group.get("rights", [])}


def _extensions(site: Any) -> list[Check]:
    answer = site.simple_request(action="query", meta="siteinfo",
                                 siprop="extensions").submit()
    present = {str(e.get("name")) for e in answer["query"].get("extensions", [])}
    return [ok(f"extension-{name}", "doctor-extension-ok", extension=name)
            if name in present else
            problem(f"extension-{name}", Status.ERROR, "doctor-extension-missing",
                    "doctor-extension-fix", extension=name)
            for name in EXTENSIONS]


def _email(site: Any) -> Check:
    """Intake tells reporters their case number and `acks` reminds signers by wiki email,
    sent from the bot's account: the wiki refuses unless that account has a confirmed address.

    `emailable` (public) says whether wiki email reaches the account. Its address itself is
    private: readable only with the BotPassword grant `privateinfo`, which the bot does not
    need; when readable it tells "no address" from "not confirmed"."""
    user = site.user()
    answer = site.simple_request(action="query", list="users", ususers=user,
                                 usprop="emailable").submit()
    if "emailable" in answer["query"]["users"][0]:
        return ok("email", "doctor-email-ok", user=user)
    info = site.simple_request(action="query", meta="userinfo",
                               uiprop="email").submit()["query"]["userinfo"]
    if "email" not in info:
        return problem("email", Status.ERROR, "doctor-email-unreachable", "doctor-email-fix",
                       user=user)
    if not info["email"]:
        return problem("email", Status.ERROR, "doctor-email-none", "doctor-email-fix",
                       user=user)
    if not info.get("emailauthenticated"):
        return problem("email", Status.ERROR, "doctor-email-unconfirmed", "doctor-email-fix",
                       user=user)
    return problem("email", Status.ERROR, "doctor-email-disabled",
                   "doctor-email-disabled-fix", user=user)


def screening_checks(config: Config) -> list[Check]:
    """Each configured screening wiki (`family:code`) answers a siteinfo request."""
    import pywikibot
    from pywikibot.exceptions import Error as PywikibotError

    checks: list[Check] = []
    for wiki in config.screening.wikis:
        family, _, code = wiki.partition(":")
        try:
            pywikibot.Site(code, family).siteinfo["sitename"]
        except (PywikibotError, KeyError, ValueError) as error:
            checks.append(problem(f"screening-{wiki}", Status.ERROR,
                                  "doctor-screening-missing", "doctor-screening-fix",
                                  wiki=wiki, kind=type(error).__name__))
        else:
            checks.append(ok(f"screening-{wiki}", "doctor-screening-ok", wiki=wiki))
    return checks
