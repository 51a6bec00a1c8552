"""`bvr demo`: the main job at work, in one command, on the embedded defaults.

1. a local association wiki from Debian's MediaWiki (`bvr devwiki`'s, in the demo directory),
   with its mail going to a Maildir there;
2. the bot's configuration and database, a director and a board member BVR (with a local
   case-desk password), and `bvr wiki install` run as an operator runs it: the form, the
   templates and, with an intake key, the gadget that seals reports in the reader's browser;
3. `bvr intake --watch` and the case desk (`bvr serve`) started in the background;
4. a wiki user saving a report through the real form: sealed by the gadget in headless
   Chromium where Playwright and Chromium exist, otherwise the plain form through the API as
   that user (the output says which);
5. the page watched until intake has removed it, and the case number taken from intake's
   line for the report.

It ends with what happened and where to look: the page gone and how fast, the case number,
the desk URL and its login. The process ids go to `demo.json` in the demo directory, which is
how `bvr demo --down` stops the intake, the desk, the wiki and its mail server. Everything
lives in the directory; delete it (after `--down`) to start from scratch. `--offline` runs the
old core-only demo (no wiki) for machines without MediaWiki.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from bvr.commands.common import Context, pass_context, say
from bvr.i18n import translate
from testbed import browser, mediawiki, processes, reporter
from testbed import cli as devwiki
from testbed.mediawiki import Account, LocalWiki
from testbed.ports import free_port, is_listening, wait_until_listening

DEFAULT_DIRECTORY = Path("var/demo")
PREFERRED = {"wiki": 8281, "mail": 8225, "desk": 5000}  # taken when free, else a free port
STATE_NAME = "demo.json"
READER = Account("Demo reader", "Demo-reader-2026!", (), "reader@demo.wiki.test")
START_TIMEOUT = 60.0
GONE_TIMEOUT = 60.0
INTAKE_MARKER = "intake --watch"


@dataclass
class DemoState:
    """What `demo.json` holds: the background processes besides the wiki's (`devwiki.json`)."""

    intake_pid: int | None
    desk_pid: int | None
    desk_port: int

    @property
    def desk_marker(self) -> str:
        return f"serve --port {self.desk_port}"


def _load(directory: Path) -> DemoState | None:
    try:
        return DemoState(**json.loads((directory / STATE_NAME).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


def _save(directory: Path, state: DemoState) -> None:
    from bvr.files import write_private

    write_private(directory / STATE_NAME, json.dumps(state.__dict__, indent=2) + "\n")


@click.command()
@click.option("--directory", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_DIRECTORY, show_default=True,
              help="Where the demo keeps its wiki, database, logs and state.")
@click.option("--down", is_flag=True, help="Stop the demo: intake, case desk, wiki, mail.")
@click.option("--offline", is_flag=True,
              help="Only the core, without a wiki: file a report from the command line.")
@click.option("--plain", is_flag=True,
              help="Save the report through the plain form, not sealed in a browser.")
@click.option("--wiki-port", type=int, default=None,
              help=f"The wiki's port [default: {PREFERRED['wiki']} when free].")
@click.option("--mail-port", type=int, default=None,
              help=f"The wiki's mail port [default: {PREFERRED['mail']} when free].")
@click.option("--desk-port", type=int, default=None,
              help=f"The case desk's port [default: {PREFERRED['desk']} when free].")
@pass_context
def demo(ctx: Context, directory: Path, down: bool, offline: bool, plain: bool,
         wiki_port: int | None, mail_port: int | None, desk_port: int | None) -> None:
    """Run the main job on a local wiki: a report saved, moved into a case file, read on
    the case desk. `--down` stops it."""
    if offline:
        from bvr.commands.demo import run_offline

        run_offline(ctx, directory)
        return
    directory = directory.resolve()
    if down:
        say(ctx, "demo-stopped" if stop(directory) else "demo-not-running",
            directory=directory)
        return
    if stop(directory):
        say(ctx, "demo-restarting")
    try:
        _run(ctx, directory, plain, wiki_port, mail_port, desk_port)
    except BaseException:  # an error, a browser timeout, Ctrl-C: never leave half a demo
        stop(directory)
        raise


def stop(directory: Path) -> bool:
    """Stop everything the demo in `directory` started; whether anything ran."""
    state = _load(directory)
    ran = False
    if state is not None:
        for pid, marker in ((state.intake_pid, INTAKE_MARKER), (state.desk_pid,
                                                                 state.desk_marker)):
            if processes.alive(pid, marker):
                ran = True
                processes.stop(pid, marker)
        state.intake_pid = state.desk_pid = None
        _save(directory, state)
    return devwiki.stop(directory) or ran


def _port(chosen: int | None, kind: str, installed: int | None = None) -> int:
    """The port asked for; else the installed wiki's or the preferred one when free; else
    any free one (a developer's own devwiki or desk may hold the preferred)."""
    if chosen:
        return chosen
    for port in (installed, PREFERRED[kind]):
        if port and not is_listening(port):
            return port
    return free_port()


def _run(ctx: Context, directory: Path, plain: bool, wiki_port: int | None,
         mail_port: int | None, desk_port: int | None) -> None:
    started = time.monotonic()
    problem = mediawiki.missing_prerequisite()
    if problem:
        raise click.ClickException(translate("demo-missing", ctx.lang, problem=problem))
    installed = devwiki.load_state(directory)
    ports = (_port(wiki_port, "wiki", installed.port if installed else None),
             _port(mail_port, "mail", installed.smtp_port if installed else None),
             _port(desk_port, "desk"))
    desk_url = f"http://127.0.0.1:{ports[2]}/desk/"
    say(ctx, "demo-step-wiki")
    wiki_state = devwiki.start(directory, ports[0], ports[1], public_url=desk_url[:-6])
    wiki = devwiki.local_wiki(directory, wiki_state.port, wiki_state.smtp_port)
    say(ctx, "demo-step-wiki-up", address=wiki.index_url)
    env = _environment(directory)
    sealing = not plain and browser.missing_browser() is None
    if not sealing:
        env.pop("BVR_INTAKE_KEY", None)  # the plain form: no gadget on the wiki
    gadget = _install(ctx, directory, env)
    _start_jobs(ctx, directory, env, ports[2])
    say(ctx, "demo-step-running", address=desk_url)

    intake_log = directory / "intake.log"
    offset = intake_log.stat().st_size
    how, title, saved_at = _make_report(ctx, directory, wiki, plain,
                                        sealing and gadget == "installed", gadget)
    gone_after = _wait_gone(wiki, title, saved_at)
    if gone_after is None:
        raise click.ClickException(translate("demo-not-gone", ctx.lang, title=title,
                                              log=intake_log))
    handled = _handled_line(intake_log, offset)
    if handled is None:
        raise click.ClickException(translate("demo-no-case", ctx.lang, log=intake_log))
    from bvr.commands.demo import DEMO_DIRECTOR, DEMO_PASSPHRASE, DEMO_PASSWORD

    say(ctx, "demo-done", how=how, title=title, seconds=f"{gone_after:.1f}",
        number=handled["case"], mail=directory / "mail",
        told=translate(f"intake-told-{handled.get('told') or 'earlier'}", ctx.lang),
        address=f"{desk_url}case/{handled['case']}", name=DEMO_DIRECTOR, password=DEMO_PASSWORD,
        passphrase=DEMO_PASSPHRASE, wiki=wiki.index_url, reader=READER.name,
        reader_password=READER.password, directory=directory,
        total=f"{time.monotonic() - started:.0f}")


def _install(ctx: Context, directory: Path, env: dict[str, str]) -> str:
    """The people (their key pairs take a few seconds of Argon2id) while `bvr wiki install`
    writes the pages; the gadget's state ("installed" or why not)."""
    from bvr.commands.demo import add_people

    say(ctx, "demo-step-people")
    core = _core(directory, env)
    with ThreadPoolExecutor(1) as pool:
        people = pool.submit(add_people, core)
        say(ctx, "demo-step-install")
        try:
            output = _bvr(env, "wiki", "install", "--json")
        finally:
            people.result()
            core.database.dispose()
    return str(json.loads(output[output.index("{"):])["gadget"])


def _start_jobs(ctx: Context, directory: Path, env: dict[str, str], desk_port: int) -> None:
    """`bvr intake --watch` and `bvr serve` in the background, their pids in `demo.json`."""
    state = DemoState(None, None, desk_port)
    alive = directory / "intake.alive"
    alive.unlink(missing_ok=True)
    state.intake_pid = processes.spawn(
        [*_program(), "intake", "--watch", "--json", "--alive-file", str(alive)], env,
        directory / "intake.log")
    _save(directory, state)
    state.desk_pid = processes.spawn([*_program(), "serve", "--port", str(desk_port)], env,
                                    directory / "desk.log")
    _save(directory, state)
    if not wait_until_listening(desk_port, START_TIMEOUT):
        raise click.ClickException(translate("demo-desk-failed", ctx.lang,
                                              log=directory / "desk.log"))
    if not _wait_for(alive.exists, START_TIMEOUT):  # touched after intake's first round
        raise click.ClickException(translate("demo-intake-failed", ctx.lang,
                                              log=directory / "intake.log"))


def _make_report(ctx: Context, directory: Path, wiki: LocalWiki, plain: bool, sealed: bool,
                 gadget: str) -> tuple[str, str, float]:
    """The reader saves a report: how (for the summary), the page's title, when."""
    from bvr import config as configuration

    wiki.create_user(READER.name, READER.password, READER.groups, READER.email, exists=True)
    config = configuration.load(str(directory / "bvr.toml"))
    fields = {"what": translate("demo-report-what", config.language),
              "where": translate("demo-report-where", config.language)}
    if sealed:
        say(ctx, "demo-step-save-sealed", user=READER.name)
        title, saved_at = reporter.sealed_in_browser(
            wiki, config.wiki.report_form_page, READER.name, READER.password,
            {**fields, "when": time.strftime("%Y-%m-%d")}, config.language)
        return translate("demo-saved-sealed", ctx.lang), title, saved_at
    why = translate("demo-plain-asked", ctx.lang) if plain else browser.missing_browser() \
        or translate("demo-gadget-skipped", ctx.lang, reason=gadget)
    say(ctx, "demo-step-save-plain", user=READER.name, why=why)
    title, saved_at = _save_plain(wiki, config.language, fields)
    return translate("demo-saved-plain", ctx.lang, why=why), title, saved_at


def _environment(directory: Path) -> dict[str, str]:
    """The environment of the demo's jobs: its configuration, pywikibot directory and keys
    (made once, kept in the directory, mode 0600)."""
    from bvr import intake_key
    from bvr.config import ENV_BLIND_INDEX_KEY, ENV_CONFIG, ENV_INTAKE_KEY, ENV_SECRET_KEY
    from bvr.files import write_private
    from testbed.botfiles import ENV_NAME, _kept_key

    key_file = directory / "intake-key"
    if not key_file.exists():
        write_private(key_file, intake_key.b64url(intake_key.new_key().private))
    env = {**os.environ, ENV_CONFIG: str(directory / "bvr.toml"),
           "PYWIKIBOT_DIR": str(directory / "pywikibot"),
           ENV_BLIND_INDEX_KEY: _kept_key(directory / ENV_NAME, ENV_BLIND_INDEX_KEY),
           ENV_INTAKE_KEY: key_file.read_text(encoding="ascii").strip(),
           ENV_SECRET_KEY: secrets.token_hex(32)}
    env.pop("PYWIKIBOT_NO_USER_CONFIG", None)
    env.pop("BVR_DATABASE_URL", None)  # the demo's own database, never a configured one
    return env


def _core(directory: Path, env: dict[str, str]) -> Any:
    from bvr import config as configuration
    from bvr.config import ENV_BLIND_INDEX_KEY
    from bvr.services.core import Core

    os.environ[ENV_BLIND_INDEX_KEY] = env[ENV_BLIND_INDEX_KEY]
    os.environ.pop("BVR_DATABASE_URL", None)
    return Core.from_config(configuration.load(str(directory / "bvr.toml")))


def _program() -> list[str]:
    return [sys.executable, "-m", "bvr"]


def _bvr(env: dict[str, str], *args: str) -> str:
    """Run a `bvr` command as an operator would; its standard output."""
    import subprocess

    done = subprocess.run([*_program(), *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    if done.returncode != 0:
        raise click.ClickException(f"bvr {' '.join(args)}: " + (
            done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    return done.stdout


def _save_plain(wiki: LocalWiki, language: str, fields: dict[str, str]) -> tuple[str, float]:
    """The plain form, through the API as the reader: the preloaded text filled in."""
    with wiki.login(READER.name, READER.password) as session:
        title = reporter.new_title()
        text = reporter.fill(reporter.preloaded(wiki, session, title),
                             wat=fields["what"], waar=fields["where"],
                             wanneer=time.strftime("%Y-%m-%d"), taal=language)
        reporter.save(session, title, text)
        return title, time.monotonic()


def _wait_for(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _wait_gone(wiki: LocalWiki, title: str, saved_at: float) -> float | None:
    """Seconds from the save until the page no longer exists (None: not within the limit)."""
    while time.monotonic() - saved_at < GONE_TIMEOUT:
        pages = wiki.api(action="query", titles=title)["query"]["pages"]
        if all(page.get("missing") for page in pages):
            return time.monotonic() - saved_at
        time.sleep(0.05)
    return None


def _handled_line(log: Path, offset: int) -> dict[str, Any] | None:
    """Intake's JSON line for the report filed after `offset` in its log (waits a little:
    the line follows telling the reporter, which comes after hiding)."""
    deadline = time.monotonic() + GONE_TIMEOUT
    while time.monotonic() < deadline:
        with log.open(encoding="utf-8") as lines:
            lines.seek(offset)
            for line in lines:
                with contextlib.suppress(ValueError):
                    found = json.loads(line)
                    if isinstance(found, dict) and "filed" in found.get("steps", ()):
                        return found
        time.sleep(0.05)
    return None
