"""Background processes of the test bed's commands (`bvr devwiki`, `bvr demo`): started
detached in their own session, recognised by a marker in their command line (so a reused pid
is never taken for ours), and stopped politely, then firmly."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path


def cmdline(pid: int) -> str:
    """The command line of `pid`, "" when it does not run."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


def alive(pid: int | None, marker: str) -> bool:
    """Whether `pid` runs and is ours (its command line contains `marker`), not a reused pid."""
    if pid is None:
        return False
    reap(pid)
    return marker in cmdline(pid)


#: Exit codes of the children `reap` collected, by pid (to say why a server did not start).
exit_codes: dict[int, int] = {}


def reap(pid: int) -> None:
    """Collect `pid` if it is an exited child of this process (when run in-process)."""
    with contextlib.suppress(ChildProcessError):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            exit_codes[pid] = os.waitstatus_to_exitcode(status)


def spawn(argv: list[str], env: dict[str, str], log: Path) -> int:
    """Start `argv` in its own session, detached from this process; returns its pid."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawnp(argv[0], argv, env, file_actions=actions, setsid=True)


def stop(pid: int | None, marker: str) -> None:
    if not alive(pid, marker):
        return
    assert pid is not None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while alive(pid, marker):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
