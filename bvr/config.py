"""Configuration: one TOML file whose defaults are Wikimedia Nederland's.

Every period and text the protocol names is configurable, because other affiliates run the
same process with other numbers and languages. Secrets never come from the file: only from the
environment (Toolforge `envvars` style), so a copied configuration reveals nothing.

Lookup: `--config PATH`, else `$BVR_CONFIG`, else the built-in defaults.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bvr.domain import SanctionType
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES

T = TypeVar("T")

# Secrets, read from the environment only.
ENV_DATABASE_URL = "BVR_DATABASE_URL"
ENV_BLIND_INDEX_KEY = "BVR_BLIND_INDEX_KEY"
ENV_CONFIG = "BVR_CONFIG"
ENV_SMTP_PASSWORD = "BVR_SMTP_PASSWORD"  # noqa: S105 (a variable name)
ENV_SECRET_KEY = "BVR_SECRET_KEY"  # noqa: S105
ENV_OAUTH_CLIENT_ID = "BVR_OAUTH_CLIENT_ID"
ENV_OAUTH_CLIENT_SECRET = "BVR_OAUTH_CLIENT_SECRET"  # noqa: S105
#: The intake key(s) that wiki reports sealed in the browser open with (ADR 0005).
ENV_INTAKE_KEY = "BVR_INTAKE_KEY"
SECRET_ENV = (ENV_DATABASE_URL, ENV_BLIND_INDEX_KEY, ENV_SMTP_PASSWORD, ENV_SECRET_KEY,
              ENV_OAUTH_CLIENT_ID, ENV_OAUTH_CLIENT_SECRET, ENV_INTAKE_KEY)


class ConfigError(BvrError):
    """The configuration cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Periods:
    """Protocol periods; months and years are calendar periods in the association's zone."""

    information_weeks: int = 1  # the parties are told process, investigators, timeline
    investigation_months: int = 1
    sanction_weeks: int = 6
    appeal_weeks: int = 8
    retention_years: int = 2
    acknowledgement_years: int = 3
    # sets no limit: after this long a pending anonymous report is brought to the
    # handler's attention (they confirm it or stop it), nothing is destroyed by the clock.
    pending_reminder_weeks: int = 4
    support_reminder_weeks: int = 2  # support offered, recorded since taken in handling
    expiry_warning_days: int = 60  # "expiring soon"
    # The movement's fast track: an emergency report is taken into handling within this many
    # hours of arriving, instead of waiting for the one-month target of R-10.3 (0016).
    emergency_hours: int = 48
    # names no period for deciding an appeal; the desk shows this target so a pending
    # appeal is never without a date (0016). Counted from the filing, like R-11.6's six weeks.
    appeal_decision_weeks: int = 6


@dataclass(frozen=True)
class ContactPersonFormula:
    """R-2.2: recommended contact persons = base + participants // per_participants, plus
    `multi_day_extra` for events longer than a day and `intensive_extra` for intensive
    interaction; at least `minimum` (see `bvr.rules.contacts`)."""

    minimum: int = 1
    base: int = 1
    per_participants: int = 50
    multi_day_extra: int = 1
    intensive_extra: int = 1


@dataclass(frozen=True)
class Wiki:
    """The association wiki and its pages."""

    family: str = "wikimedia-nl"
    code: str = "nl"
    report_prefix: str = "BVR-melding/"
    policy_page: str = "Beleid Vriendelijke Ruimtes"
    # `bvr wiki install` creates the policy page when missing: a copy of this page of the same
    # wiki, else `policy_text` (wikitext), else a short stub pointing to the report form.
    policy_source_page: str = ""
    policy_text: str = ""
    report_form_page: str = "Beleid Vriendelijke Ruimtes/Melden"
    overview_page: str = "Beleid Vriendelijke Ruimtes/Overzicht"
    figures_page: str = "Beleid Vriendelijke Ruimtes/Jaarcijfers"


@dataclass(frozen=True)
class Mail:
    """Outgoing email (notifications, emergency alerts). The password, if any, comes from
    `$BVR_SMTP_PASSWORD`."""

    host: str = "localhost"
    port: int = 25
    sender: str = "bvr@wikimedia.nl"
    starttls: bool = False
    username: str = ""


@dataclass(frozen=True)
class Intake:
    """The intake job (flow 1): how it watches the association wiki."""

    poll_seconds: float = 1.0  # RecentChanges polling interval on wikis without EventStreams
    use_eventstreams: bool = False  # True on Wikimedia wikis
    server_name: str = "nl.wikimedia.org"  # EventStreams filter
    eventstreams_url: str = ""  # empty: the wiki family's own EventStreams service
    fallback_seconds: float = 60.0  # with EventStreams: a polling round at least this often
    # A report is kept whole up to this much text (UTF-8); the wiki refuses larger report
    # pages before they are saved (AbuseFilter rule, docs/intake.md).
    max_report_kb: int = 256


@dataclass(frozen=True)
class Web:
    """The web service (flows 2 to 4). OAuth client id and secret come from the environment
    (`BVR_OAUTH_CLIENT_ID`, `BVR_OAUTH_CLIENT_SECRET`), the session key from `BVR_SECRET_KEY`."""

    public_url: str = "http://127.0.0.1:5000"
    oauth_server: str = "https://meta.wikimedia.org"
    session_minutes: int = 30  # a desk session ends after this long without a request
    session_max_hours: int = 12  # and this long after login, however busy (0006)
    session_sweep_seconds: int = 60  # how often expired sessions are ended and wiped
    reports_per_hour: int = 20  # rate limit on the public form, per client, kept in memory
    # Added for the case desk (issue 4); all limits are per client and kept in memory only.
    oauth_rest_path: str = "/w/rest.php"  # MediaWiki's REST entry point on the OAuth server
    local_login: bool = True  # local accounts (development, wikis without OAuth)
    logins_per_hour: int = 30  # failed login (and, apart, unlock) attempts; successes not
    # Emergency reports have their own, higher limit: a reporter who hit the form's limit
    # (or shares an address with many who did) must still reach the fast track.
    emergency_reports_per_hour: int = 100
    channel_per_hour: int = 60  # receipt-code look-ups and reporter messages
    max_form_kb: int = 256  # larger requests are refused before they are read
    # Attachments to a web report (images, PDFs; ADR 0015): per file and all together.
    attachment_max_kb: int = 5 * 1024
    attachments_max_kb: int = 10 * 1024
    # The public pages link to the policy here.
    policy_url: str = "https://nl.wikimedia.org/wiki/Beleid_Vriendelijke_Ruimtes"


@dataclass(frozen=True)
class Headings:
    """Section headings of a registration page (matched case-insensitively, also as the start
    of a longer heading: "Afgemeld (helaas)"): those under `withdrawn` are left out of the
    screening; when a page has `registered` headings, only their sections are read."""

    registered: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeadingsNl(Headings):
    registered: tuple[str, ...] = ("Deelnemers", "Aanmeldingen", "Aangemeld", "Ingeschreven",
                                   "Inschrijvingen")
    withdrawn: tuple[str, ...] = ("Afgemeld", "Afmeldingen", "Uitgeschreven", "Afgezegd",
                                  "Verhinderd", "Geannuleerd")


@dataclass(frozen=True)
class HeadingsEn(Headings):
    registered: tuple[str, ...] = ("Participants", "Attendees", "Registered", "Registrations",
                                   "Signed up", "Sign-ups", "Attending")
    withdrawn: tuple[str, ...] = ("Withdrawn", "Cancelled", "Canceled", "Not attending",
                                  "Unable to attend", "No longer attending", "Declined")


@dataclass(frozen=True)
class HeadingsSv(Headings):
    registered: tuple[str, ...] = ("Deltagare", "Anmälda", "Anmälningar", "Anmälan")
    withdrawn: tuple[str, ...] = ("Avanmälda", "Avanmälan", "Återbud", "Avbokade",
                                  "Kan inte komma")


@dataclass(frozen=True)
class SectionHeadings:
    """Per language (`[screening.sections.nl]` ...); a page is read with all of them."""

    nl: Headings = field(default_factory=HeadingsNl)
    en: Headings = field(default_factory=HeadingsEn)
    sv: Headings = field(default_factory=HeadingsSv)

    def registered(self) -> frozenset[str]:
        return frozenset(h for lang in (self.nl, self.en, self.sv) for h in lang.registered)

    def withdrawn(self) -> frozenset[str]:
        return frozenset(h for lang in (self.nl, self.en, self.sv) for h in lang.withdrawn)


@dataclass(frozen=True)
class Screening:
    """Pre-event screening (R-6.1, flow 6; `bot.screening`). Wikis are `family:code` (pywikibot
    names); pages are `family:code:Title`. The defaults are the Wikimedia wikis WMNL events
    draw on; an empty `central` means no CentralAuth (check `wikis` one by one)."""

    wikis: tuple[str, ...] = ("wikipedia:nl", "commons:commons", "wikidata:wikidata",
                              "meta:meta")
    central: str = "meta:meta"  # CentralAuth and GlobalBlocking are queried here
    ban_list: str = "meta:meta:List of globally banned users"  # R-6.1(a), WMF global bans
    noticeboards: tuple[str, ...] = ()  # R-6.1(c): pages where conflicts are raised
    campaign_events: str = "meta:meta"  # where the CampaignEvents REST API is asked
    history_days: int = 90  # R-6.1(c): how far back the block log counts as "recent"
    cache_minutes: int = 60  # a second run within this time sends no request
    recheck_hours: int = 24  # scheduled re-checks until the event starts
    sections: SectionHeadings = field(default_factory=SectionHeadings)  # registration pages


@dataclass(frozen=True)
class Publishing:
    """Making the policy visible (R-3.2, R-3.3, R-8.2) and the anonymised overview (R-14.2),
    flow 5 (`bot.footers`, `bot.publish`). Selected pages get the footer template; pages in the
    event or registration selections also get the contact-person box or the acceptance
    sentence. Namespaces are numbers; categories and prefixes are titles without namespace."""

    footer_categories: tuple[str, ...] = ("Evenement", "Aanmelding")
    footer_namespaces: tuple[int, ...] = ()  # every page of these namespaces
    footer_prefixes: tuple[str, ...] = ()  # pages whose title starts with one of these
    event_categories: tuple[str, ...] = ("Evenement",)  # get the contact-person box
    registration_categories: tuple[str, ...] = ("Aanmelding",)  # acceptance sentence
    registration_prefixes: tuple[str, ...] = ()
    interface_message: str = "MediaWiki:Copyright"  # the site-wide policy link
    k_anonymity: int = 3  # fewer cases than this in a cell are coarsened or suppressed
    overview_years: int = 3  # how many calendar years the published overview covers


@dataclass(frozen=True)
class Config:
    association: str = "Wikimedia Nederland"
    case_prefix: str = "BVR"
    language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    database_path: str = "var/bvr.sqlite3"  # used when BVR_DATABASE_URL is not set
    periods: Periods = field(default_factory=Periods)
    contact_persons: ContactPersonFormula = field(default_factory=ContactPersonFormula)
    wiki: Wiki = field(default_factory=Wiki)
    mail: Mail = field(default_factory=Mail)
    intake: Intake = field(default_factory=Intake)
    web: Web = field(default_factory=Web)
    screening: Screening = field(default_factory=Screening)
    publishing: Publishing = field(default_factory=Publishing)
    # Email addresses alerted at once about an emergency report (fast track), never with content.
    emergency_contacts: tuple[str, ...] = ()
    # What the public pages tell someone in immediate danger to call, one line each, shown as
    # written: the emergency number and, say, the confidant's or an event's phone.
    emergency_numbers: tuple[str, ...] = ("112",)
    # Where reporters answer the acknowledgement email (a monitored address). Empty: they are
    # pointed to the contact persons (replies to the wiki email reach only the bot's mailbox).
    contact_address: str = ""
    # sanctions the director and/or board member BVR may impose; the rest is the board's.
    director_sanctions: tuple[SanctionType, ...] = (
        SanctionType.WARNING, SanctionType.EVENT_EXCLUSION, SanctionType.NO_CONTACT,
    )
    # how many uninvolved board members take a board decision; 0: a majority of the
    # uninvolved members. Never fewer than two (`bvr.rules.board`).
    board_quorum: int = 0

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def database_url(self) -> str:
        """The database to use: `$BVR_DATABASE_URL` (a secret) or the SQLite file.

        `BVR_DATABASE_URL=toolsdb` means the tool's own ToolsDB database, with the credentials
        Toolforge already provides, so the password is not copied into a second secret."""
        chosen = os.environ.get(ENV_DATABASE_URL)
        if chosen == "toolsdb":
            from bvr.storage import toolsdb  # only on Toolforge

            return toolsdb.url()
        return chosen or f"sqlite:///{self.database_path}"

    def public_dict(self) -> dict[str, Any]:
        """The effective configuration, safe to print: no secrets, only whether they are set."""
        shown = dataclasses.asdict(self)
        shown["secrets"] = {name: ("set" if os.environ.get(name) else "not set")
                            for name in SECRET_ENV}
        return shown


def load(path: str | Path | None = None) -> Config:
    """Read the configuration from `path`, `$BVR_CONFIG`, or use the defaults."""
    chosen = path or os.environ.get(ENV_CONFIG)
    if not chosen:
        return Config()
    file = Path(chosen)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("core-config-missing", file=file) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError("core-config-invalid-toml", file=file, error=error) from None
    return from_mapping(data, source=str(file))


def from_mapping(data: dict[str, Any], source: str = "configuration") -> Config:
    config = _build(Config, data, source, "")
    _validate(config, source)
    return config


def _build(cls: type[T], data: dict[str, Any], source: str, prefix: str) -> T:
    """Build dataclass `cls` from `data`, refusing unknown keys and wrongly typed values."""
    if not isinstance(data, dict):
        raise ConfigError("core-config-not-table", source=source, name=prefix.rstrip("."))
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError("core-config-unknown", source=source, name=prefix + unknown[0])
    values: dict[str, Any] = {}
    defaults = cls()
    for name, value in data.items():
        default = getattr(defaults, name)
        if dataclasses.is_dataclass(default):
            values[name] = _build(type(default), value, source, f"{prefix}{name}.")
        elif isinstance(default, tuple):
            if not isinstance(value, list):
                raise ConfigError("core-config-not-list", source=source, name=prefix + name)
            values[name] = tuple(_convert(default[0], v, source, prefix + name) if default
                                 else v for v in value)
        else:
            values[name] = _convert(default, value, source, prefix + name)
    return cls(**values)


def _convert(default: Any, value: Any, source: str, name: str) -> Any:
    if isinstance(default, SanctionType):
        try:
            return SanctionType(value)
        except ValueError:
            choices = ", ".join(s.value for s in SanctionType)
            raise ConfigError("core-config-choice", source=source, name=name, value=value,
                              choices=choices) from None
    if isinstance(default, float) and type(value) is int:
        value = float(value)  # TOML writes 1 for 1.0
    if type(value) is not type(default):
        raise ConfigError("core-config-type", source=source, name=name, value=value,
                          type=type(default).__name__)
    if isinstance(value, int) and value < 0:
        raise ConfigError("core-config-negative", source=source, name=name)
    return value


def _validate(config: Config, source: str) -> None:
    if config.language not in LANGUAGES:
        raise ConfigError("core-config-language", source=source, choices=", ".join(LANGUAGES))
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("core-config-timezone", source=source, value=config.timezone) from None
    if not config.case_prefix.isalpha():
        raise ConfigError("core-config-prefix", source=source)
