"""Free loopback ports for the test bed's servers.

Every service of the test bed listens on 127.0.0.1 only, on a free port, so that
pytest-xdist workers and a developer's own `devwiki` never collide. Ports are drawn at random
from below the kernel's ephemeral range: a port the kernel handed out for `bind(0)` is also
what it hands to the next outgoing connection (a test's HTTP client, say), which could take it
in the seconds before a slow server binds it. A process never draws the same port twice. The
port is released before the server binds it, so a race remains possible but rare; servers that
fail to bind report it through their start-up check.
"""

from __future__ import annotations

import random
import socket
import time

LOOPBACK = "127.0.0.1"
# Below Linux's default ephemeral range (32768-60999), above the well-known services.
PORT_RANGE = range(20000, 32000)
_handed_out: set[int] = set()


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port on `host` that nothing uses right now and this process never gave."""
    for _attempt in range(200):
        port = random.choice(PORT_RANGE)  # noqa: S311 (not for security)
        if port in _handed_out:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError("no free loopback port found")


def is_listening(port: int, host: str = LOOPBACK) -> bool:
    """Tell whether something accepts TCP connections on `host:port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def wait_until_listening(port: int, timeout: float, host: str = LOOPBACK) -> bool:
    """Poll until `host:port` accepts connections; False when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_listening(port, host):
            return True
        time.sleep(0.05)
    return False
