"""`devwiki`: a local association wiki for trying the bot by hand (`bvr devwiki up|down|status`).

The wiki persists in a directory (default `var/devwiki` under the current directory) and runs
in the background after `up` returns: PHP's built-in server for the wiki and a loopback SMTP
server that files the wiki's mail into a Maildir next to it. Their process ids and the
credentials go to `devwiki.json` (mode 600) there, which is how `down` and `status` find them.
The first `up` installs the wiki (a few seconds); later ones only start it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import click

from testbed import mediawiki, processes
from testbed.botfiles import CONFIG_NAME, ENV_NAME, write_bot_files
from testbed.mediawiki import ADMIN, BOT, BOT_GRANTS, BotPassword, LocalWiki, WikiError
from testbed.ports import is_listening, wait_until_listening
from testbed.pywikibot_dir import family_name, write_pywikibot_dir

DEFAULT_DIRECTORY = Path("var/devwiki")
DEFAULT_PORT = 8181
DEFAULT_SMTP_PORT = 8125
WIKI_NAME = "nl"
SITENAME = "Wikimedia Nederland (development)"
START_TIMEOUT = 30.0


@dataclass
class DevWikiState:
    """What `devwiki.json` holds."""

    port: int
    smtp_port: int
    wiki_pid: int | None
    smtp_pid: int | None
    bot_user: str
    bot_appid: str
    bot_password: str

    @property
    def bot(self) -> BotPassword:
        return BotPassword(self.bot_user, self.bot_appid, self.bot_password)


def _state_file(directory: Path) -> Path:
    return directory / "devwiki.json"


def load_state(directory: Path) -> DevWikiState | None:
    try:
        data = json.loads(_state_file(directory).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return DevWikiState(**data)


def _save_state(directory: Path, state: DevWikiState) -> None:
    path = _state_file(directory)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(json.dumps(asdict(state), indent=2) + "\n", encoding="utf-8")


def local_wiki(directory: Path, state_port: int, smtp_port: int) -> LocalWiki:
    return LocalWiki(
        directory / "wiki", WIKI_NAME, state_port, sitename=SITENAME, smtp_port=smtp_port
    )


def _last_line(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    return lines[-1].strip() if lines else "no output"


def _wiki_marker(state: DevWikiState) -> str:
    return f"-S 127.0.0.1:{state.port}"


SMTP_MARKER = "testbed.smtp"


def _install(directory: Path, port: int, smtp_port: int) -> DevWikiState:
    wiki = local_wiki(directory, port, smtp_port)
    # The tests' bot lacks these grants on purpose (they test the refusals); a developer's
    # `bvr wiki install` right after `up` protects the templates and writes the messages.
    # The interface-admin group and `editsiteconfig` let it publish the sealing gadget.
    bot_account = replace(BOT, groups=(*BOT.groups, "interface-admin"))
    bot = mediawiki.provision(wiki, ADMIN, bot_account,
                              (*BOT_GRANTS, "protect", "editinterface", "editsiteconfig"))
    return DevWikiState(port, smtp_port, None, None, bot.user, bot.appid, bot.password)


def _start_smtp(directory: Path, state: DevWikiState) -> int:
    package_parent = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": package_parent}
    argv = [sys.executable, "-m", "testbed.smtp", "--port", str(state.smtp_port)]
    argv += ["--maildir", str(directory / "mail")]
    pid = processes.spawn(argv, env, directory / "smtp.log")
    if not wait_until_listening(state.smtp_port, START_TIMEOUT):
        raise click.ClickException(f"the SMTP server did not start; see {directory}/smtp.log")
    return pid


def _start_wiki(directory: Path, state: DevWikiState) -> int:
    wiki = local_wiki(directory, state.port, state.smtp_port)
    wiki.write_settings()
    pid = processes.spawn(wiki.server_command(), wiki.server_environment(), wiki.log_file)
    deadline = time.monotonic() + START_TIMEOUT
    while not wiki.answers():
        processes.reap(pid)  # our own child: it has exited only if it was reaped
        if time.monotonic() > deadline or pid in processes.exit_codes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # never leave a half-started server behind
            last = f"exit {processes.exit_codes.get(pid)}: {_last_line(wiki.log_file)}"
            raise click.ClickException(f"the wiki did not start ({last}); see {wiki.log_file}")
        time.sleep(0.05)
    return pid


def _check_free(port: int, option: str) -> None:
    if is_listening(port):
        raise click.ClickException(f"port {port} is in use; choose another with {option}")


def _report(directory: Path, state: DevWikiState) -> None:
    wiki = local_wiki(directory, state.port, state.smtp_port)
    pywikibot_dir = directory / "pywikibot"
    click.echo(f"devwiki running at {wiki.index_url}")
    click.echo(f"admin login: {ADMIN.name} / {ADMIN.password}")
    click.echo(f"bot password: {state.bot.login_name} / {state.bot.password}")
    click.echo(f"pywikibot: PYWIKIBOT_DIR={pywikibot_dir} (site {family_name(wiki)})")
    click.echo(f"mail: {directory / 'mail'} (Maildir)")
    click.echo(f"bot: {directory / CONFIG_NAME} and {directory / ENV_NAME} (BVR_CONFIG, "
               "PYWIKIBOT_DIR, BVR_BLIND_INDEX_KEY); use them with:")
    click.echo(f"  . {directory / ENV_NAME}")
    click.echo("  bvr wiki install")
    click.echo("  bvr intake --once    (or --watch)")


DIRECTORY_OPTION = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DIRECTORY,
    show_default=True,
    help="Where the development wiki lives.",
)


@click.group()
def devwiki() -> None:
    """A local association wiki for development, from Debian's MediaWiki."""


@devwiki.command()
@DIRECTORY_OPTION
@click.option("--port", type=int, default=None, help=f"Wiki port [default: {DEFAULT_PORT}].")
@click.option(
    "--smtp-port", type=int, default=None, help=f"Mail port [default: {DEFAULT_SMTP_PORT}]."
)
def up(directory: Path, port: int | None, smtp_port: int | None) -> None:
    """Install (first time) and start the development wiki in the background."""
    directory = directory.resolve()
    try:
        state = start(directory, port, smtp_port)
    except (WikiError, OSError) as error:
        raise click.ClickException(str(error)) from error
    _report(directory, state)


def start(directory: Path, port: int | None = None, smtp_port: int | None = None,
          public_url: str | None = None) -> DevWikiState:
    """Install (first time) and start the wiki and its mail server in `directory` (resolved),
    in the background; write the bot's files. Returns the state (`bvr demo` uses this too)."""
    problem = mediawiki.missing_prerequisite()
    if problem:
        raise click.ClickException(problem)
    state = load_state(directory)
    if state and processes.alive(state.wiki_pid, _wiki_marker(state)):
        _write_files(directory, state, public_url)
        return state
    state = _prepare(directory, state, port, smtp_port)
    if not processes.alive(state.smtp_pid, SMTP_MARKER):
        _check_free(state.smtp_port, "--smtp-port")
        state.smtp_pid = _start_smtp(directory, state)
        _save_state(directory, state)
    state.wiki_pid = _start_wiki(directory, state)
    _save_state(directory, state)
    _write_files(directory, state, public_url)
    return state


def _write_files(directory: Path, state: DevWikiState, public_url: str | None = None) -> None:
    """pywikibot's files and the bot's (configuration, environment, database)."""
    wiki = local_wiki(directory, state.port, state.smtp_port)
    write_pywikibot_dir(directory / "pywikibot", [wiki], state.bot)
    write_bot_files(directory, wiki, directory / "pywikibot", public_url)


def _prepare(
    directory: Path, state: DevWikiState | None, port: int | None, smtp_port: int | None
) -> DevWikiState:
    """The state to start from: installs the wiki the first time, applies new ports."""
    if state is None:
        wiki_port = port or DEFAULT_PORT
        _check_free(wiki_port, "--port")
        directory.mkdir(parents=True, exist_ok=True)
        state = _install(directory, wiki_port, smtp_port or DEFAULT_SMTP_PORT)
        _save_state(directory, state)
        return state
    if port:
        state.port = port
    if smtp_port and smtp_port != state.smtp_port:
        processes.stop(state.smtp_pid, SMTP_MARKER)
        state.smtp_port, state.smtp_pid = smtp_port, None
    _check_free(state.port, "--port")
    return state


@devwiki.command()
@DIRECTORY_OPTION
def down(directory: Path) -> None:
    """Stop the development wiki (its files stay)."""
    directory = directory.resolve()
    if load_state(directory) is None:
        click.echo(f"devwiki is not installed in {directory}")
        return
    click.echo("devwiki stopped" if stop(directory) else "devwiki was not running")


def stop(directory: Path) -> bool:
    """Stop the wiki and mail server of `directory` (if installed); whether the wiki ran."""
    state = load_state(directory)
    if state is None:
        return False
    was_running = processes.alive(state.wiki_pid, _wiki_marker(state))
    processes.stop(state.wiki_pid, _wiki_marker(state))
    processes.stop(state.smtp_pid, SMTP_MARKER)
    state.wiki_pid = state.smtp_pid = None
    _save_state(directory, state)
    return was_running


@devwiki.command()
@DIRECTORY_OPTION
def status(directory: Path) -> None:
    """Say whether the development wiki runs (exit status 1 when it does not)."""
    directory = directory.resolve()
    state = load_state(directory)
    if state is None:
        click.echo(f"devwiki is not installed in {directory}")
        sys.exit(1)
    if not processes.alive(state.wiki_pid, _wiki_marker(state)):
        click.echo("devwiki is not running")
        sys.exit(1)
    wiki = local_wiki(directory, state.port, state.smtp_port)
    answering = "answering" if wiki.answers() else "NOT answering"
    click.echo(f"devwiki running at {wiki.index_url} (pid {state.wiki_pid}, {answering})")


def main() -> None:
    """Entry point for `python -m testbed.cli`."""
    devwiki()


if __name__ == "__main__":
    main()
