"""Real MediaWiki wikis on loopback, from Debian's `mediawiki` package, for tests and development.

Why real wikis: the bot's hard parts (rights, revision deletion, e-mail, BotPasswords, API
quirks) are exactly what a mock would get wrong. Debian installs one code tree in
/usr/share/mediawiki whose LocalSettings.php is a symlink to /etc/mediawiki; we never touch it.
Instead every wiki gets its own directory with its own LocalSettings.php and SQLite files, and
is served by PHP's built-in web server (`php -S`) with the environment variable
`MW_CONFIG_FILE` naming that LocalSettings.php (MediaWiki honours it, for web requests and
maintenance scripts alike). `router.php` next to this module only lets the web entry points run.

Layout of a wiki directory:

- `LocalSettings.php`: written by `install.php`, plus one line including the next file;
- `testbed-settings.php`: rewritten at every start (port, SMTP port, rights, e-mail);
- `data/`: the SQLite databases; `server.log`, `exception.log`: what PHP and MediaWiki said.

`install.php` takes about a second and every account costs a maintenance-script run, so a farm
installs and provisions one template wiki and copies its files for each wiki (renaming the
SQLite files after the new database name): three ready wikis cost barely more than one.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from testbed.ports import LOOPBACK, free_port

MEDIAWIKI_ROOT = Path("/usr/share/mediawiki")
ROUTER = Path(__file__).with_name("router.php")
SETTINGS_NAME = "testbed-settings.php"
INCLUDE_LINE = 'require __DIR__ . "/testbed-settings.php";  // added by testbed/mediawiki.py\n'
START_TIMEOUT = 30.0
HTTP_TIMEOUT = 30.0

#: The extensions every test wiki loads, as a Wikimedia wiki runs them (Debian's `mediawiki`
#: ships them in /usr/share/mediawiki/extensions). One list, so that a branch adding one more
#: merges as one line. AbuseFilter has tables of its own: `install()` runs update.php.
EXTENSIONS = (
    "InputBox",
    "ParserFunctions",
    "Renameuser",
    "AbuseFilter",
    "Gadgets",
)
#: The test bed's one AbuseFilter filter: it logs (and only logs) every edit of a page under
#: a report prefix of any language set, as a filter on a Wikimedia wiki might. Its log keeps
#: the whole text of the edit, which is what the leak scan must look for.
REPORT_FILTER_PATTERN = (
    'page_title rlike "^(BVR-melding|BVR report|BVR-anmälan)/"'
)
REPORT_FILTER_NAME = "Report pages (test bed)"
#: The filter the wiki's administrators add by hand (docs/intake.md): refuse a report page
#: over 256 kB (the page, markup included; a sealed page may fill 8/3 of that), with the
#: message `bvr wiki install` writes. Must equal `bot.install.abusefilter.size_rule(Config())`
#: (a test checks).
SIZE_FILTER_PATTERN = (
    'substr(page_prefixedtitle, 0, 12) === "BVR-melding/" & new_size > 262144 '
    '& !(new_wikitext contains "{{BVR-sealed" & new_size <= 703146)')
SIZE_FILTER_NAME = "Report page too large"
SIZE_FILTER_MESSAGE = "bvr-report-too-large"


class WikiError(RuntimeError):
    """A local wiki could not be installed, provisioned, started or stopped."""


class ApiError(RuntimeError):
    """The MediaWiki API answered with an error object."""

    def __init__(self, code: str, info: str) -> None:
        super().__init__(f"{code}: {info}")
        self.code = code
        self.info = info


@dataclass(frozen=True)
class Account:
    """A user account to create on a wiki (groups beyond the implicit `user`)."""

    name: str
    password: str
    groups: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class BotPassword:
    """A BotPassword: log in as `login_name` (User@appid) with `password`."""

    user: str
    appid: str
    password: str

    @property
    def login_name(self) -> str:
        return f"{self.user}@{self.appid}"


ADMIN = Account(
    "Admin", "Admin-testbed-2024!", ("sysop", "bureaucrat", "suppress"), "admin@example.org"
)
BOT = Account("BvrBot", "BvrBot-testbed-2024!", ("bot", "sysop"), "bvrbot@example.org")
BOT_APPID = "bvr"
BOT_GRANTS = (
    "basic",
    "highvolume",
    "editpage",
    "createeditmovepage",
    "editprotected",
    "delete",
    "oversight",
    "blockusers",
    "patrol",
    "rollback",
    "sendemail",
)


def missing_prerequisite() -> str | None:
    """Why local wikis cannot run here (None when they can): Debian's php and mediawiki."""
    if shutil.which("php") is None:
        return "php is not installed (Debian package php-cli; scripts/setup.sh installs it)"
    if not (MEDIAWIKI_ROOT / "maintenance" / "install.php").is_file():
        return f"MediaWiki is not installed in {MEDIAWIKI_ROOT} (Debian package mediawiki)"
    return None


def _php_string(value: str) -> str:
    """A PHP single-quoted string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _check_name(name: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9]*", name):
        raise WikiError(f"wiki name {name!r} must be lowercase letters and digits")
    return name


def _raise_for_api_error(data: dict[str, Any]) -> dict[str, Any]:
    error = data.get("error")
    if error:
        raise ApiError(str(error.get("code")), str(error.get("info")))
    return data


class WikiSession:
    """A logged-in (or anonymous) API session with its own cookie jar. Close it when done."""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "bvr-testbed/0.1 (local test wiki client)"

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> WikiSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self, **params: Any) -> dict[str, Any]:
        """GET the API with `params` (format=json added); raises ApiError on an error answer."""
        response = self.http.get(self.api_url, params=self._prepare(params), timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        return _raise_for_api_error(response.json())

    def post(self, **params: Any) -> dict[str, Any]:
        """POST to the API with `params`; raises ApiError on an error answer."""
        response = self.http.post(self.api_url, data=self._prepare(params), timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        return _raise_for_api_error(response.json())

    def token(self, kind: str = "csrf") -> str:
        data = self.get(action="query", meta="tokens", type=kind)
        return str(data["query"]["tokens"][f"{kind}token"])

    def post_with_token(self, **params: Any) -> dict[str, Any]:
        """POST a write action with a fresh CSRF token."""
        return self.post(token=self.token(), **params)

    def login(self, username: str, password: str) -> WikiSession:
        """Log in with a main account (clientlogin) or a BotPassword (User@appid, login)."""
        if "@" in username:
            return self._bot_login(username, password)
        answer = self.post(
            action="clientlogin",
            username=username,
            password=password,
            loginreturnurl=self.api_url,
            logintoken=self.token("login"),
        )["clientlogin"]
        if answer.get("status") != "PASS":
            raise ApiError("loginfailed", str(answer.get("message", answer)))
        return self

    def _bot_login(self, username: str, password: str) -> WikiSession:
        answer = self.post(
            action="login", lgname=username, lgpassword=password, lgtoken=self.token("login")
        )["login"]
        if answer.get("result") != "Success":
            raise ApiError("loginfailed", str(answer.get("reason", answer)))
        return self

    @staticmethod
    def _prepare(params: Mapping[str, Any]) -> dict[str, str]:
        prepared = {"format": "json", "formatversion": "2"}
        for key, value in params.items():
            if isinstance(value, bool):
                if value:
                    prepared[key] = "1"
            elif isinstance(value, list | tuple | set):
                prepared[key] = "|".join(str(item) for item in value)
            else:
                prepared[key] = str(value)
        return prepared


class LocalWiki:
    """One MediaWiki in `directory`, served on http://127.0.0.1:`port`.

    `name` (lowercase letters and digits) makes the database name `<name>wiki`, which also
    prefixes the session cookies, so wikis on one host do not share a login by accident.
    """

    def __init__(
        self,
        directory: Path,
        name: str,
        port: int | None = None,
        *,
        sitename: str | None = None,
        language: str = "en",
        smtp_port: int | None = None,
        extra_settings: str = "",
    ) -> None:
        self.directory = Path(directory)
        self.name = _check_name(name)
        self.port = port or free_port()
        self.sitename = sitename or f"Test wiki {name}"
        self.language = language
        self.smtp_port = smtp_port
        self.extra_settings = extra_settings  # PHP lines appended to testbed-settings.php
        self._process: subprocess.Popen[bytes] | None = None

    # Where things are ---------------------------------------------------------------------

    @property
    def dbname(self) -> str:
        return f"{self.name}wiki"

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def local_settings(self) -> Path:
        return self.directory / "LocalSettings.php"

    @property
    def log_file(self) -> Path:
        return self.directory / "server.log"

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"

    @property
    def index_url(self) -> str:
        return f"{self.url}/index.php"

    @property
    def rest_url(self) -> str:
        return f"{self.url}/rest.php"

    @property
    def installed(self) -> bool:
        return self.local_settings.is_file()

    def __repr__(self) -> str:
        return f"LocalWiki({self.name!r}, {self.url})"

    # Installing -----------------------------------------------------------------------------

    def install(self, admin: Account = ADMIN) -> None:
        """Run install.php (about a second) and hook in the test bed's settings."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self._run_php(
            str(MEDIAWIKI_ROOT / "maintenance" / "install.php"),
            "--dbtype", "sqlite",
            "--dbpath", str(self.data_dir),
            "--dbname", self.dbname,
            "--confpath", str(self.directory),
            "--server", self.url,
            "--scriptpath", "",
            "--lang", self.language,
            "--pass", admin.password,
            self.sitename,
            admin.name,
        )  # fmt: skip
        with self.local_settings.open("a", encoding="utf-8") as settings:
            settings.write("\n" + INCLUDE_LINE)
        self.write_settings()
        # The extensions' own tables (AbuseFilter's): install.php made only the core's.
        self.maintenance("update.php", "--quick")
        if admin.groups or admin.email:
            self.create_user(admin.name, admin.password, admin.groups, admin.email, exists=True)
        self.add_report_filter(admin.name)

    def add_report_filter(self, author: str) -> None:
        """Create the test bed's AbuseFilter filters: one that logs every edit of a report
        page, and the size rule that refuses large ones. Special:AbuseFilter is a form, not an
        API; these rows are what the form would write."""
        if "AbuseFilter" not in loaded_extensions():
            return
        filters = ((1, REPORT_FILTER_PATTERN, REPORT_FILTER_NAME, ""),
                   (2, SIZE_FILTER_PATTERN, SIZE_FILTER_NAME, "disallow"))
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        statements = []
        for number, pattern, name, action in filters:
            values = ", ".join(_sql_string(v) for v in (pattern, author, stamp, name, action))
            statements.append(
                "INSERT INTO abuse_filter (af_id, af_user, af_pattern, af_user_text, "  # noqa: S608
                "af_timestamp, af_public_comments, af_actions, af_comments, af_enabled, "
                "af_hidden, af_hit_count, af_throttled, af_deleted, af_global, af_group) "
                f"VALUES ({number}, 1, {values}, '', 1, 0, 0, 0, 0, 0, 'default');")
        statements.append("INSERT INTO abuse_filter_action (afa_filter, afa_consequence, "  # noqa: S608
                          f"afa_parameters) VALUES (2, 'disallow', '{SIZE_FILTER_MESSAGE}');")
        for statement in statements:
            self.maintenance("sql.php", "--query", statement)

    def clone_from(self, template: LocalWiki) -> None:
        """Become a copy of the (stopped, installed) `template`, under this wiki's names."""
        if template.running:
            raise WikiError(f"stop {template!r} before copying it")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir()
        for source in template.data_dir.iterdir():
            if source.is_file():
                target = source.name.replace(template.dbname, self.dbname, 1)
                shutil.copy2(source, self.data_dir / target)
        (self.data_dir / "locks").mkdir()
        text = template.local_settings.read_text(encoding="utf-8")
        text = _replace_setting(text, "wgDBname", self.dbname)
        text = _replace_setting(text, "wgSQLiteDataDir", str(self.data_dir))
        self.local_settings.write_text(text, encoding="utf-8")
        self.write_settings()

    def write_settings(self) -> None:
        """(Re)write testbed-settings.php for the current port and SMTP port."""
        path = self.directory / SETTINGS_NAME
        path.write_text(self._settings_php(), encoding="utf-8")

    def _settings_php(self) -> str:
        smtp = (
            f"['host' => '{LOOPBACK}', 'IDHost' => 'localhost', 'port' => {self.smtp_port},"
            " 'auth' => false]"
            if self.smtp_port
            else "false"
        )
        return SETTINGS_TEMPLATE.format(
            server=_php_string(self.url),
            sitename=_php_string(self.sitename),
            language=_php_string(self.language),
            sender=_php_string(f"wiki@{self.name}.wiki.test"),
            smtp=smtp,
            exception_log=_php_string(str(self.directory / "exception.log")),
            extensions=extension_lines(),
        ) + self.extra_settings

    # Maintenance scripts --------------------------------------------------------------------

    def _run_php(self, *args: str) -> str:
        env = {**os.environ, "MW_CONFIG_FILE": str(self.local_settings)}
        result = subprocess.run(
            ["php", *args], env=env, capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip().splitlines()
            last = output[-1] if output else f"exit status {result.returncode}"
            raise WikiError(f"{Path(args[0]).name} failed on {self.name}: {last}")
        return result.stdout

    def maintenance(self, script: str, *args: str) -> str:
        """Run `maintenance/<script>` against this wiki; returns its standard output."""
        return self._run_php(str(MEDIAWIKI_ROOT / "maintenance" / script), *args)

    def create_user(
        self,
        name: str,
        password: str,
        groups: Iterable[str] = (),
        email: str | None = None,
        *,
        exists: bool = False,
    ) -> None:
        """Create `name` (or update it with `exists=True`) in `groups`, with a confirmed email."""
        args = ["--force"] if exists else []
        group_list = ",".join(groups)
        if group_list:
            args += ["--custom-groups", group_list]
        output = self.maintenance("createAndPromote.php", *args, name, password)
        if "is not a valid group" in output:
            raise WikiError(f"unknown group for {name} on {self.name}: {output.strip()}")
        if email:
            self.set_email(name, email)

    def set_email(self, name: str, email: str) -> None:
        """Give `name` a confirmed email address, so `action=emailuser` can reach them."""
        self.maintenance("resetUserEmail.php", "--no-reset-password", name, email)

    def create_bot_password(
        self, user: str, appid: str, grants: Iterable[str], password: str | None = None
    ) -> tuple[str, str]:
        """Create a BotPassword; returns (login name `user@appid`, password)."""
        args = ["--appid", appid, "--grants", ",".join(grants), user]
        if password:
            args.append(password)
        output = self.maintenance("createBotPassword.php", *args)
        found = re.search(r"username:'([^']+)' and password:'([^']+)'", output)
        if not found:
            raise WikiError(f"createBotPassword.php said: {output.strip()}")
        return found.group(1), found.group(2)

    # Serving --------------------------------------------------------------------------------

    def server_command(self) -> list[str]:
        return ["php", "-S", f"{LOOPBACK}:{self.port}", "-t", str(MEDIAWIKI_ROOT), str(ROUTER)]

    def server_environment(self) -> dict[str, str]:
        env = {**os.environ, "MW_CONFIG_FILE": str(self.local_settings)}
        env.pop("PHP_CLI_SERVER_WORKERS", None)  # one worker: SQLite prefers one writer
        return env

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> LocalWiki:
        """Serve the wiki; returns once api.php answers. Moves to a free port if taken."""
        for _attempt in range(3):
            if not self.running:
                self.begin_start()
            if self._wait_until_up(timeout):
                return self
            if "Address already in use" not in self._last_log_line():
                break
            self.stop()
            self.port = free_port()
        problem = self._last_log_line()
        self.stop()
        raise WikiError(f"wiki {self.name} did not start on port {self.port}: {problem}")

    def begin_start(self) -> None:
        """Spawn the server without waiting for it; `start()` then waits."""
        self.write_settings()
        self._spawn()

    def _spawn(self) -> None:
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(
                self.server_command(),
                env=self.server_environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def _wait_until_up(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                return False
            if self.answers():
                return True
            time.sleep(0.05)
        return False

    def answers(self) -> bool:
        """Tell whether api.php answers a siteinfo query right now."""
        try:
            self.api(action="query", meta="siteinfo")
        except (requests.RequestException, ValueError, ApiError):
            return False
        return True

    def _last_log_line(self) -> str:
        try:
            lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return "no server log"
        return lines[-1] if lines else "the server log is empty"

    def stop(self) -> None:
        """Stop serving (idempotent)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> LocalWiki:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Talking to it --------------------------------------------------------------------------

    def api(self, **params: Any) -> dict[str, Any]:
        """Anonymous GET on api.php (format=json, formatversion=2); raises ApiError."""
        with WikiSession(self.api_url) as session:
            return session.get(**params)

    def session(self) -> WikiSession:
        """A new anonymous API session; close it (or use `with`)."""
        return WikiSession(self.api_url)

    def login(self, username: str, password: str) -> WikiSession:
        """A new API session logged in as `username`; close it (or use `with`)."""
        session = WikiSession(self.api_url)
        try:
            return session.login(username, password)
        except BaseException:
            session.close()
            raise


def _sql_string(value: str) -> str:
    """An SQL string literal (quotes doubled): for the test bed's own constants only."""
    return "'" + value.replace("'", "''") + "'"


def loaded_extensions() -> tuple[str, ...]:
    """The extensions of `EXTENSIONS` that this machine has (all of them with Debian's)."""
    return tuple(name for name in EXTENSIONS
                 if (MEDIAWIKI_ROOT / "extensions" / name / "extension.json").is_file())


def extension_lines() -> str:
    return "\n".join(f"wfLoadExtension('{name}');" for name in loaded_extensions())


def _replace_setting(text: str, variable: str, value: str) -> str:
    pattern = re.compile(rf"^\${variable} = .*;$", re.MULTILINE)
    replacement = f'${variable} = "{value}";'
    new_text, count = pattern.subn(lambda _match: replacement, text)
    if count != 1:
        raise WikiError(f"LocalSettings.php has {count} lines setting ${variable}, expected 1")
    return new_text


SETTINGS_TEMPLATE = """<?php
// Written by testbed/mediawiki.py at every start: edits here are lost.
$wgServer = {server};
$wgCanonicalServer = $wgServer;
$wgSitename = {sitename};
$wgLanguageCode = {language};

// The Debian default CACHE_ACCEL is per process (APCu): maintenance scripts would not see
// what the web server cached. Sessions must survive between requests: keep them in SQLite.
$wgMainCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;

$wgEnableEmail = true;
$wgEnableUserEmail = true;
$wgEmailAuthentication = false;
$wgPasswordSender = {sender};
$wgEmergencyContact = $wgPasswordSender;
$wgSMTP = {smtp};

# A licence, as an association wiki has: MediaWiki prints the copyright footer (where the
# policy link can live, MediaWiki:Copyright) only when one is set. A local page, no URL.
$wgRightsPage = 'Project:Copyrights';
$wgRightsText = 'CC BY-SA 4.0';

$wgEnableBotPasswords = true;
$wgRateLimits = [];
$wgAccountCreationThrottle = 0;
$wgPasswordAttemptThrottle = [];
$wgGroupPermissions['*']['createaccount'] = true;
$wgGroupPermissions['*']['edit'] = true;
$wgGroupPermissions['sysop']['deleterevision'] = true;
$wgGroupPermissions['sysop']['deletelogentry'] = true;
$wgGroupPermissions['suppress']['suppressrevision'] = true;
$wgGroupPermissions['suppress']['suppressionlog'] = true;
$wgGroupPermissions['suppress']['viewsuppressed'] = true;
$wgGroupPermissions['suppress']['hideuser'] = true;

$wgShowExceptionDetails = true;
$wgDebugLogGroups['exception'] = {exception_log};
$wgDebugLogGroups['error'] = {exception_log};
$wgGroupPermissions['suppress']['abusefilter-hide-log'] = true;
$wgGroupPermissions['suppress']['abusefilter-hidden-log'] = true;
{extensions}
"""


class WikiFarm:
    """Several local wikis sharing the same accounts, ready in a few seconds.

    Every wiki has `ADMIN` (sysop, bureaucrat, suppress) and `BOT` (bot, sysop), both with
    confirmed emails, and the bot has the BotPassword `bot_password` (appid `bvr`).
    """

    def __init__(
        self,
        directory: Path,
        names: Sequence[str] = ("nl", "wp", "meta"),
        *,
        smtp_port: int | None = None,
        sitenames: Mapping[str, str] | None = None,
        languages: Mapping[str, str] | None = None,
        extra_settings: Mapping[str, str] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.smtp_port = smtp_port
        self.admin = ADMIN
        self.bot = BOT
        self.bot_password: BotPassword | None = None
        titles = dict(sitenames or {})
        # The content language is set at every start (testbed-settings.php), so wikis copied
        # from the English template may speak another language.
        self.wikis = {
            name: LocalWiki(
                self.directory / name,
                name,
                sitename=titles.get(name),
                language=(languages or {}).get(name, "en"),
                smtp_port=smtp_port,
                extra_settings=(extra_settings or {}).get(name, ""),
            )
            for name in names
        }

    def __getitem__(self, name: str) -> LocalWiki:
        return self.wikis[name]

    def __iter__(self) -> Iterator[LocalWiki]:
        return iter(self.wikis.values())

    def setup(self) -> None:
        """Install and provision a template wiki, then copy it for every wiki."""
        template = LocalWiki(self.directory / "template", "template", smtp_port=self.smtp_port)
        self.bot_password = provision(template, self.admin, self.bot)
        for wiki in self:
            wiki.clone_from(template)

    def start(self, timeout: float = START_TIMEOUT) -> WikiFarm:
        """Start every wiki; returns once all answer (they boot side by side)."""
        for wiki in self:
            wiki.begin_start()
        for wiki in self:
            wiki.start(timeout)
        return self

    def stop(self) -> None:
        for wiki in self:
            wiki.stop()

    def __enter__(self) -> WikiFarm:
        if self.bot_password is None:
            self.setup()
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def provision(wiki: LocalWiki, admin: Account = ADMIN, bot: Account = BOT,
              grants: Iterable[str] = BOT_GRANTS) -> BotPassword:
    """Install `wiki` with `admin` and `bot` (and the bot's BotPassword); returns the latter."""
    wiki.install(admin)
    wiki.create_user(bot.name, bot.password, bot.groups, bot.email)
    login_name, password = wiki.create_bot_password(bot.name, BOT_APPID, grants)
    assert login_name == f"{bot.name}@{BOT_APPID}"
    return BotPassword(bot.name, BOT_APPID, password)
