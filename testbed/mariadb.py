"""A throwaway MariaDB server, from Debian's `mariadb-server`, for tests of the MariaDB backend.

Toolforge's ToolsDB is MariaDB, and SQLite forgives things MariaDB does not (string lengths,
collations, transactional DDL), so the storage tests also run against a real server. This
one lives entirely in a temporary directory: `mariadb-install-db --no-defaults` creates the
data directory (about a second), `mariadbd --no-defaults` serves it on a unix socket and a free
loopback port, with the binary log off and small InnoDB buffers so it starts in a fraction of
a second. `root` has no password and may connect over TCP from 127.0.0.1. Nothing from
/etc/mysql is read. Run as root, mariadbd needs `--user=root`, which is added then.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from testbed.ports import LOOPBACK, free_port

START_TIMEOUT = 30.0
SOCKET_PATH_LIMIT = 100  # sun_path is 108 bytes on Linux


class MariaDBError(RuntimeError):
    """The throwaway MariaDB server could not be set up, started or used."""


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
        if found:
            return found
    return None


def missing_prerequisite() -> str | None:
    """Why a MariaDB server cannot run here (None when it can)."""
    for names in (("mariadbd", "mysqld"), ("mariadb-install-db", "mysql_install_db")):
        if _binary(*names) is None:
            return f"{names[0]} is not installed (Debian package mariadb-server)"
    if _binary("mariadb-dump", "mysqldump") is None:
        return "mariadb-dump is not installed (Debian package mariadb-client)"
    return None


def _require(*names: str) -> str:
    found = _binary(*names)
    if found is None:
        raise MariaDBError(f"{names[0]} is not installed (Debian package mariadb-server)")
    return found


def _check_database_name(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise MariaDBError(f"database name {name!r} must be ASCII letters, digits and _")
    return name


class MariaDBServer:
    """A MariaDB server with its data directory under `directory`."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = Path(directory)
        self.port = port or free_port()
        self.host = LOOPBACK
        self.socket = self._socket_path()
        self._process: subprocess.Popen[bytes] | None = None

    def _socket_path(self) -> Path:
        wanted = self.directory / "mysqld.sock"
        if len(str(wanted)) <= SOCKET_PATH_LIMIT:
            return wanted
        return Path(tempfile.mkdtemp(prefix="testbed-mariadb-")) / "mysqld.sock"

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def log_file(self) -> Path:
        return self.directory / "mariadbd.log"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def url(self, database: str = "") -> str:
        """SQLAlchemy URL (PyMySQL driver, utf8mb4) for `database` on this server."""
        return f"mysql+pymysql://root@{self.host}:{self.port}/{database}?charset=utf8mb4"

    def _user_option(self) -> list[str]:
        return ["--user=root"] if os.geteuid() == 0 else []

    def install(self) -> None:
        """Create the system tables (about a second); skipped when already there."""
        if (self.data_dir / "mysql").is_dir():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                _require("mariadb-install-db", "mysql_install_db"),
                "--no-defaults",
                f"--datadir={self.data_dir}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *self._user_option(),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            lines = (result.stdout + result.stderr).strip().splitlines() or ["no output"]
            raise MariaDBError(f"mariadb-install-db failed: {lines[-1]}")

    def server_command(self) -> list[str]:
        return [
            _require("mariadbd", "mysqld"),
            "--no-defaults",
            *self._user_option(),
            f"--datadir={self.data_dir}",
            f"--socket={self.socket}",
            f"--port={self.port}",
            f"--bind-address={self.host}",
            f"--pid-file={self.directory / 'mariadbd.pid'}",
            f"--log-error={self.log_file}",
            "--skip-log-bin",
            "--skip-name-resolve",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=0",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
        ]

    def start(self, timeout: float = START_TIMEOUT) -> MariaDBServer:
        """Install if needed, start, and return once a client can connect."""
        if self.running:
            return self
        self.install()
        self.socket.parent.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            self.server_command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not self._wait_until_up(timeout):
            problem = self._last_error()
            self.stop()
            raise MariaDBError(f"mariadbd did not start on port {self.port}: {problem}")
        return self

    def _wait_until_up(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                return False
            if self._answers():
                return True
            time.sleep(0.05)
        return False

    def _answers(self) -> bool:
        # Probe the socket first: PyMySQL leaks its socket when a connection attempt fails.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            try:
                probe.connect(str(self.socket))
            except OSError:
                return False
        try:
            self.execute("SELECT 1")
        except MariaDBError:
            return False
        return True

    def _last_error(self) -> str:
        try:
            lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return "no error log"
        errors = [line for line in lines if "[ERROR]" in line]
        return (errors or lines or ["the error log is empty"])[-1]

    def stop(self) -> None:
        """Shut the server down (idempotent)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.socket.parent != self.directory:
            shutil.rmtree(self.socket.parent, ignore_errors=True)

    def __enter__(self) -> MariaDBServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def execute(self, sql: str, database: str | None = None) -> list[tuple[object, ...]]:
        """Run `sql` as root over the unix socket; returns the rows."""
        import pymysql

        try:
            connection = pymysql.connect(
                unix_socket=str(self.socket), user="root", database=database, connect_timeout=5
            )
        except pymysql.err.OperationalError as error:
            raise MariaDBError(f"cannot connect: {error}") from error
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                rows = list(cursor.fetchall())
            connection.commit()
            return rows
        finally:
            connection.close()

    def create_database(self, name: str) -> str:
        """Create (or empty and recreate) database `name`; return its SQLAlchemy URL."""
        database = _check_database_name(name)
        self.execute(f"DROP DATABASE IF EXISTS `{database}`")
        self.execute(
            f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        return self.url(database)

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS `{_check_database_name(name)}`")

    def dump(self, name: str) -> str:
        """The SQL dump of database `name` as text.

        Binary columns are dumped raw (no `--hex-blob`), so text planted in them stays
        findable; bytes that are not UTF-8 become U+FFFD. `dump_bytes` gives the exact bytes.
        """
        return self.dump_bytes(name).decode("utf-8", errors="replace")

    def dump_bytes(self, name: str) -> bytes:
        """The SQL dump of database `name`, exactly as `mariadb-dump` writes it."""
        result = subprocess.run(
            [
                _require("mariadb-dump", "mysqldump"),
                "--no-defaults",
                f"--socket={self.socket}",
                "--user=root",
                "--skip-dump-date",
                "--single-transaction",
                _check_database_name(name),
            ],
            capture_output=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            problem = result.stderr.decode(errors="replace").strip()
            raise MariaDBError(f"mariadb-dump failed: {problem}")
        return result.stdout
