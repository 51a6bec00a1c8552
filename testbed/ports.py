"""Free loopback ports for the test bed's servers.

Every service of the test bed listens on 127.0.0.1 only, on a port the kernel hands out, so
that pytest-xdist workers and a developer's own `devwiki` never collide. The port is released
before the server binds it, so a race with another process is possible but rare; servers that
fail to bind report it through their start-up check.
"""

from __future__ import annotations

import socket
import time

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port on `host` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


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
