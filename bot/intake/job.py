"""The order of work for one report, so that a crash at any point loses and doubles nothing.

1. store the report encrypted and commit (`file_report`, idempotent on wiki + first revision
   id), and remember it (`bvr.services.intake`);
2. emergency: alert the emergency contacts at once, with the case number and no content;
3. delete the page, then hide text, summary and creator of every revision and of the page's
   creation log entry (suppress where allowed);
4. tell the reporter the case number by wiki email, in their language (never a talk page).

Every step is written down after it is done, and every step is safe to repeat, so a restart
finishes what a killed job left (`unfinished`) and repeats nothing already done. Nothing is
deleted on the wiki unless step 1 committed. Log lines name case numbers and revision ids,
never report text or names.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot import wikimail
from bot.intake import form, sealed, wiki
from bot.intake.wiki import ReportPage
from bvr import intake_key, notify
from bvr.domain import Channel, PartyRole
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES, negotiate, translate
from bvr.services import intake as progress
from bvr.services.core import Core
from bvr.services.intake import Pending, Position, Told
from bvr.services.reports import RAW_FACTOR, PartyInput, ReportInput, file_report

log = logging.getLogger("bvr.intake")
ALERT_RETRY_SECONDS = 60.0  # an emergency alert that could not be mailed is tried again

#: Test hook (the SIGKILL test): the job stops dead at this named step until killed.
PAUSE_ENV = "BVR_INTAKE_PAUSE_AT"
STEPS = ("filed", "alerted", "deleted", "hidden", "told")
#: Refusals of `file_report` that are about the page's content: the page is removed and its
#: creator told that nothing was filed. Any other refusal leaves the page for the operator.
REFUSED_CONTENT = frozenset({"core-report-empty", "core-report-too-long"})


@dataclass
class RoundResult:
    """What one round did, for `--json` and the summary line (case numbers only)."""

    filed: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    not_told: list[str] = field(default_factory=list)
    alerted: list[str] = field(default_factory=list)
    empty: int = 0
    more: bool = False

    @property
    def busy(self) -> bool:
        return bool(self.filed or self.hidden or self.empty or self.more)


@dataclass(frozen=True)
class Handled:
    """One report handled, for the operator's line as it happens (`bvr intake`): the case
    number (None when nothing was filed: an empty page), the steps done now, the seconds from
    the save to hidden, and how telling the reporter went. Never report text or names."""

    number: str | None
    steps: tuple[str, ...]
    #: From the save (the wiki's revision timestamp, whole seconds, so up to 1 s high) to
    #: the moment the page was hidden; None when the save time is not at hand (a restart).
    seconds: float | None
    told: Told | None  # None: told in an earlier round, or not tried yet

    def as_dict(self) -> dict[str, Any]:
        return {"case": self.number, "steps": list(self.steps),
                "seconds": None if self.seconds is None else round(self.seconds, 1),
                "told": self.told}


@dataclass(frozen=True)
class Preview:
    """What a round would do with one report (`--dry-run`): a filed report's number or a new
    report's first revision id, and the steps still to do. No text, no names."""

    number: str | None
    revid: int | None
    steps: tuple[str, ...]
    emergency: bool


class Intake:
    """The intake job against one wiki: `round()` handles everything pending now."""

    def __init__(self, core: Core, site: Any, lang: str = "en") -> None:
        import pywikibot

        self.core, self.site, self.lang = core, site, lang
        config = core.config
        probe = pywikibot.Page(site, config.wiki.report_prefix + "x")
        self.namespace = int(probe.namespace().id)
        self.prefix = probe.title(with_ns=False)[:-1]
        self.prefixed_title = probe.title()[:-1]
        self.suppress = wiki.may_suppress(site)
        self.bot_user = str(site.user())
        self.position_name = f"intake:{config.wiki.family}:{config.wiki.code}"
        self.alert_retry_at: dict[str, float] = {}  # source key -> when to try mail again
        self.creations: dict[str, tuple[int, ...]] = {}  # title -> creation log entry ids
        self.intake_keys = intake_key.keys_from_env()  # for sealed reports (ADR 0005)
        #: Called once per report handled, as soon as its steps are done (the CLI's line).
        self.on_handled: Callable[[Handled], None] | None = None

    def source_key(self, revid: int) -> str:
        return f"wiki:{self.core.config.wiki.code}:{revid}"

    # One round --------------------------------------------------------------------------------

    def round(self) -> RoundResult:
        result = RoundResult()
        for pending in progress.unfinished(self.core):
            self.finish(pending, None, result)
        since = progress.position(self.core, self.position_name) or self._start()
        polled = wiki.poll(self.site, self.namespace, self.prefix,
                           (since.timestamp, since.rcid) if since else None)
        self.creations.update(polled.creations)
        # Sealed reports (issue 10) are opened in memory here and read from their JSON.
        pages = [sealed.opened(page, self.intake_keys, self.lang)
                 for page in self._candidates(polled)]
        parsed = [sealed.read(page) or (page, form.parse(page.latest.text)) for page in pages]
        parsed.sort(key=lambda item: not item[1].emergency)  # fast track: emergencies first
        for page, report in parsed:
            self.process(page, report, result)
        if polled.changes:
            last = polled.changes[-1]
            progress.save_position(self.core, self.position_name,
                                   Position(last.timestamp, last.rcid))
        result.more = polled.more
        return result

    def preview(self) -> list[Preview]:
        """What a round would do now, writing nothing anywhere (`bvr intake --dry-run`): no
        case file, no deletion, no email, not even the position in RecentChanges."""
        plans = [Preview(item.number, None, tuple(
            step for step, done in (("alerted", not item.emergency or item.alerted),
                                    ("hidden", item.hidden), ("told", item.told)) if not done),
            item.emergency) for item in progress.unfinished(self.core)]
        since = progress.position(self.core, self.position_name)
        if since is None:
            latest = wiki.latest_change(self.site)
            since = Position(*latest) if latest else None
        polled = wiki.poll(self.site, self.namespace, self.prefix,
                           (since.timestamp, since.rcid) if since else None)
        pages = [sealed.opened(page, self.intake_keys, self.lang)
                 for page in self._candidates(polled)]
        for page in pages:
            if self._filed(page.first.revid):
                continue  # filed before: its steps left are among the unfinished above
            report = sealed.read(page) or (page, form.parse(page.latest.text))
            parsed = report[1]
            steps = ("hidden", "told") if parsed.empty else \
                ("filed", *(("alerted",) if parsed.emergency else ()), "hidden", "told")
            plans.append(Preview(None, page.first.revid, steps, parsed.emergency))
        return plans

    def _start(self) -> Position | None:
        """Where a job with a fresh database begins: after the wiki's newest change. Report
        pages saved before are still found (every page under the prefix is polled), but
        reports handled before this job existed (deleted by an administrator, say) are not
        filed again from the history of RecentChanges, and nobody is written to about them."""
        latest = wiki.latest_change(self.site)
        if latest is None:  # a wiki without any change yet: nothing to skip
            return None
        start = Position(*latest)
        progress.save_position(self.core, self.position_name, start)
        return start

    def _candidates(self, polled: wiki.Poll) -> list[ReportPage]:
        """Report pages to handle: those that exist now (text at hand), plus those RecentChanges
        shows but that are gone: moved away or deleted by an admin before us."""
        found: dict[int, ReportPage] = {}
        page: ReportPage | None
        present = {page.title for page in polled.pages}
        for shown in polled.pages:
            full = shown if shown.complete else ReportPage(
                shown.title, shown.page_id, wiki.history(self.site, shown.page_id))
            found[full.first.revid] = full
        for change in polled.changes:
            if not change.title.startswith(self.prefixed_title) or change.title in present:
                continue
            if change.kind == "new" and self._filed(change.revid):
                continue
            page = None
            if change.kind in {"new", "edit"}:
                page = wiki.by_revision(self.site, change.revid)
            elif (change.logtype, change.logaction) == ("delete", "delete") \
                    and change.user != self.bot_user:
                page = wiki.deleted(self.site, change.title)
            if page is None:
                if change.kind != "log":
                    log.warning(translate("intake-log-vanished", self.lang, revid=change.revid))
                continue
            if page.first.revid not in found and not self._filed(page.first.revid):
                found[page.first.revid] = page
        return list(found.values())

    def _filed(self, revid: int) -> bool:
        return progress.filed_at(self.core, self.source_key(revid)) is not None

    # One report -------------------------------------------------------------------------------

    def process(self, page: ReportPage, report: form.ParsedReport, result: RoundResult) -> None:
        key = self.source_key(page.first.revid)
        language = negotiate(report.language or None, self.core.config.language)
        if report.empty:
            self._not_filed(page, language, "empty", result)
            return
        try:
            filed = file_report(self.core, self._input(page, report, language, key),
                                received_at=_parse_time(page.first.timestamp))
        except BvrError as error:
            if error.message.key not in REFUSED_CONTENT:
                raise  # the operator's to fix (no key holders, say): the page stays
            self._not_filed(page, language, error.message.key, result)
            return
        progress.record_filed(self.core, key, filed.number, page.page_id, page.title, language)
        (result.filed if filed.new else result.repeated).append(filed.number)
        if report.problems:
            log.info(translate("intake-log-odd", self.lang, number=filed.number,
                               problems=", ".join(report.problems)))
        pause("filed")
        state = progress.pending(self.core, key)
        if state is not None:  # None: every step was done before (a repeated sighting)
            self.finish(state, page, result, ["filed"] if filed.new else [])

    def finish(self, item: Pending, page: ReportPage | None, result: RoundResult,
               steps: list[str] | None = None) -> None:
        """Steps 2 to 4 for a filed report; each is skipped when it was done before."""
        steps = [] if steps is None else steps
        seconds: float | None = None
        told: Told | None = None
        if item.emergency and not item.alerted and \
                time.monotonic() >= self.alert_retry_at.get(item.source_key, 0.0):
            try:
                self._alert(item.number)
            except BvrError as error:
                # The mail server is down: say so loudly, and go on hiding the report and
                # telling the reporter (nothing else waits on mail); try again later.
                self.alert_retry_at[item.source_key] = time.monotonic() + ALERT_RETRY_SECONDS
                log.error(translate("intake-log-alert-failed", self.lang, number=item.number,
                                    error=error.text(self.lang)))
            else:
                progress.mark(self.core, item.source_key, "alerted")
                result.alerted.append(item.number)
                steps.append("alerted")
                pause("alerted")
        if not item.hidden:
            steps += self._hide(item.title, page, item.page_id)
            seconds = _since_saved(page)
            progress.mark(self.core, item.source_key, "hidden")
            result.hidden.append(item.number)
            log.info(translate("intake-log-hidden", self.lang, number=item.number,
                               at=f"{time.time():.3f}"))
            pause("hidden")
        if not item.told:
            told = self._tell(item, page)
            progress.mark_told(self.core, item.source_key, told)
            (result.told if told == "sent" else result.not_told).append(item.number)
            if told != "sent":
                log.warning(translate("intake-log-not-told", self.lang, number=item.number,
                                      reason=told))
            pause("told")
        self._handled(Handled(item.number, tuple(steps), seconds, told))

    def _handled(self, handled: Handled) -> None:
        if self.on_handled is not None and (handled.steps or handled.told):
            self.on_handled(handled)

    def _not_filed(self, page: ReportPage, language: str, reason: str,
                   result: RoundResult) -> None:
        """A report page with nothing to file (empty, or refused as content): removed and
        hidden like any report, and its creator told by wiki email how to report instead."""
        steps = self._hide(page.title, page, None)
        seconds = _since_saved(page)
        result.empty += 1
        first = page.first
        told: Told = "no-account"
        if not first.anonymous and first.user:
            subject, text = not_filed_notice(self.core, language)
            try:
                told = "sent" if wikimail.send(self.site, first.user, subject, text) \
                    else "no-email"
            except wikimail.BotCannotEmail as error:
                log.error(translate("intake-log-bot-cannot-email", self.lang,
                                    number=f"r{first.revid}", code=error.code))
                told = "bot-cannot-email"
        log.warning(translate("intake-log-not-filed", self.lang, revid=first.revid,
                              reason=reason, told=told))
        self._handled(Handled(None, tuple(steps), seconds, told))

    def _alert(self, number: str) -> None:
        config = self.core.config
        contacts = config.emergency_contacts
        if not contacts:
            log.error(translate("intake-log-no-emergency-contacts", self.lang, number=number))
            return
        notify.send(config.mail, config.association,
                    [notify.Notice(to, config.language, number, "emergency",
                                   link=notify.desk_link(config.web.public_url, number))
                     for to in contacts])

    def _hide(self, title: str, page: ReportPage | None, page_id: int | None) -> list[str]:
        """Delete the page (unless gone already) and hide its traces; the steps done."""
        reason = translate("intake-delete-reason", self.core.config.language)
        steps = []
        if page is None or not page.deleted:
            target = page.page_id if page else page_id
            if target:
                wiki.delete(self.site, target, reason)
                steps.append("deleted")
            pause("deleted")
        ids = [r.archive_id for r in page.revisions] if page else \
            list(wiki.archived_ids(self.site, title))
        wiki.hide(self.site, title, ids, reason, self.suppress)
        # The creation log entry quotes the report and names its creator (the poll brought
        # its id; a page from before the poll's window costs one look-up).
        log_ids = self.creations.pop(title, None) or wiki.creation_log_ids(self.site, title)
        wiki.hide_log_entries(self.site, title, log_ids, reason, self.suppress)
        return [*steps, "hidden"]

    def _tell(self, item: Pending, page: ReportPage | None) -> Told:
        first = page.first if page else None
        if first is None:
            found = wiki.deleted(self.site, item.title)
            first = found.first if found else None
        if first is None or first.anonymous or not first.user:
            return "no-account"
        subject, text = acknowledgement(self.core, item.number, item.language, item.emergency)
        try:
            return "sent" if wikimail.send(self.site, first.user, subject, text) else "no-email"
        except wikimail.BotCannotEmail as error:
            # Not the reporter's doing and not worth a crash loop that would stop intake of
            # every later report: the case desk shows "not told", the log says what to fix.
            log.error(translate("intake-log-bot-cannot-email", self.lang, number=item.number,
                                code=error.code))
            return "bot-cannot-email"

    def _input(self, page: ReportPage, report: form.ParsedReport, language: str,
               key: str) -> ReportInput:
        reporter = page.first
        anonymous = reporter.anonymous or not reporter.user
        parties: list[PartyInput] = []
        if not anonymous:
            parties.append(PartyInput(PartyRole.REPORTER, username=reporter.user,
                                      contact=report.contact))
            if report.role == "victim":
                parties.append(PartyInput(PartyRole.VICTIM, username=reporter.user))
            elif report.role == "witness":
                parties.append(PartyInput(PartyRole.WITNESS, username=reporter.user))
        parties += [PartyInput(PartyRole.RESPONDENT, username=name)
                    for name in report.respondents]
        if report.who and not report.respondents:
            parties.append(PartyInput(PartyRole.RESPONDENT, name=report.who))
        contact = f"\n\ncontact: {report.contact}" if anonymous and report.contact else ""
        what, raw = fit(report.text(), raw_text(page), report.where + contact, parties,
                        self.core.config.intake.max_report_kb * 1024, page.first.revid)
        what += contact  # counted in the limit above, with the other fields
        return ReportInput(Channel.WIKI_FORM, what, incident_on=report.incident_on,
                           where=report.where, parties=tuple(parties), anonymous=anonymous,
                           emergency=report.emergency, language=language, source_key=key,
                           raw=raw, entered_by="intake")


def acknowledgement(core: Core, number: str, language: str, emergency: bool) -> tuple[str, str]:
    """Subject and text of the email that tells the reporter their case number and what
    happens next (R-10.1 information duty), in their language."""
    config = core.config
    lang = language if language in LANGUAGES else config.language
    params = {"number": number, "association": config.association,
              "policy": config.wiki.policy_page,
              "months": config.periods.investigation_months}
    # Not "reply to this email": a reply reaches only the bot account's own mailbox.
    params["reply"] = (translate("operator-ack-reply-address", lang,
                                 address=config.contact_address, number=number)
                       if config.contact_address else
                       translate("operator-ack-reply-contacts", lang, number=number))
    body = translate("intake-ack-body", lang, **params)
    if emergency:
        body = translate("intake-ack-emergency", lang, **params) + "\n\n" + body
    return translate("intake-ack-subject", lang, **params), body


def not_filed_notice(core: Core, language: str) -> tuple[str, str]:
    """Subject and text of the email to someone whose report page held nothing to file:
    nothing was filed, and how to report instead, in their language."""
    config = core.config
    lang = language if language in LANGUAGES else config.language
    params = {"association": config.association, "form": config.wiki.report_form_page,
              "report_url": config.web.public_url.rstrip("/") + "/report"}
    return (translate("intake-notfiled-subject", lang, **params),
            translate("intake-notfiled-body", lang, **params))


def raw_text(page: ReportPage) -> str:
    """The wikitext for the encrypted record: every revision when the page was edited again."""
    if len(page.revisions) == 1:
        return page.latest.text
    return "\n".join(f"<!-- revision {r.revid} {r.timestamp} {r.user} -->\n{r.text}"
                     for r in page.revisions)


def fit(what: str, raw: str, where: str, parties: list[PartyInput], limit: int,
        revid: int = 0) -> tuple[str, str]:
    """Text and raw wikitext as `file_report` takes them: whole up to `limit` bytes of text
    (and `RAW_FACTOR` times that of raw copy, markup and earlier revisions included). The wiki
    refuses larger report pages before they are saved; one that got through anyway (no
    AbuseFilter rule) keeps its first part, and the log gives the exact figures."""
    other = len(where.encode()) + sum(len(p.name.encode()) + len(p.username.encode()) +
                                      len(p.contact.encode()) for p in parties)
    text_limit, raw_limit = max(0, limit - other), RAW_FACTOR * limit
    text_size, raw_size = len(what.encode()), len(raw.encode())
    if text_size <= text_limit and raw_size <= raw_limit:
        return what, raw
    kept_what, kept_raw = _clip(what, text_limit), _clip(raw, raw_limit)
    log.warning("intake: report with revision %d over the limit: text %d bytes (limit %d), "
                "raw copy %d bytes (limit %d); kept %d and %d bytes", revid, text_size,
                text_limit, raw_size, raw_limit, len(kept_what.encode()),
                len(kept_raw.encode()))
    return kept_what, kept_raw


def _clip(text: str, limit: int) -> str:
    """The first `limit` bytes of `text` in UTF-8, never half a character."""
    return text.encode()[:limit].decode(errors="ignore")


def pause(step: str) -> None:
    """The SIGKILL test's hook: with `BVR_INTAKE_PAUSE_AT=<step>` the job says so on stderr
    and waits to be killed right after that step."""
    if os.environ.get(PAUSE_ENV) != step:
        return
    sys.stderr.write(f"intake-paused-at {step}\n")
    sys.stderr.flush()
    while True:
        time.sleep(60)


def _since_saved(page: ReportPage | None) -> float | None:
    """Seconds from the report's save (its first revision) until now."""
    saved = _parse_time(page.first.timestamp) if page else None
    return None if saved is None else max(0.0, time.time() - saved.timestamp())


def _parse_time(timestamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None

