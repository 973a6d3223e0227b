"""Start and stop a throw-away Virtuoso open source server on loopback for tests.

Debian's ``virtuoso-opensource-7-bin`` ships the binaries only (``virtuoso-t``,
``isql-vt``), no ini and no database. :class:`VirtuosoServer` writes a minimal
ini into its own directory (database, transaction log and temp database all
inside it), starts ``virtuoso-t +configfile FILE +wait`` on two free loopback
ports, waits until ``isql-vt`` answers ``status();``, grants SPARQL UPDATE to
the anonymous ``SPARQL`` user of ``/sparql``, and stops the server with
``shutdown;`` (killing it only if that fails).

Usable alone for manual runs::

    python tests/virtuoso.py /tmp/virt     # prints the endpoint, Ctrl-C stops it
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

__all__ = ["VIRTUOSO", "ISQL", "VirtuosoError", "VirtuosoServer", "free_port", "virtuoso_available"]

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"

_INI = """\
[Database]
DatabaseFile    = {d}/virtuoso.db
ErrorLogFile    = {d}/virtuoso.log
LockFile        = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel   = 7
FileExtend      = 200
Striping        = 0

[TempDatabase]
DatabaseFile    = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort      = 127.0.0.1:{sql_port}
DirsAllowed     = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ServerThreads   = 10
CheckpointInterval = 0

[HTTPServer]
ServerPort      = 127.0.0.1:{http_port}
ServerThreads   = 10
MaxClientConnections = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


class VirtuosoError(RuntimeError):
    """The test server could not be started or configured."""


def virtuoso_available() -> bool:
    """True when both the server and its SQL client are on PATH."""
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VirtuosoServer:
    """One Virtuoso instance with its database in ``directory``.

    Parameters
    ----------
    directory : path
        Empty (or missing) directory for the ini, database and log.
    """

    def __init__(self, directory: str | Path):
        self.directory = Path(directory).resolve()
        self.sql_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        self.process: subprocess.Popen | None = None
        self.startup_seconds: float | None = None

    @property
    def endpoint(self) -> str:
        """The SPARQL 1.1 Query/Update endpoint (anonymous user ``SPARQL``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def auth_endpoint(self) -> str:
        """The digest-authenticated endpoint (user ``dba``, password ``dba``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def log(self) -> Path:
        return self.directory / "virtuoso.log"

    def isql(self, statement: str, timeout: float = 30) -> subprocess.CompletedProcess:
        """Run one SQL statement as ``dba`` through ``isql-vt``."""
        return subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def start(self, timeout: float = 60) -> "VirtuosoServer":
        """Write the ini, start the server and wait until it answers; raises VirtuosoError."""
        if not virtuoso_available():
            raise VirtuosoError(f"{VIRTUOSO}/{ISQL} not found; apt-get install virtuoso-opensource-7-bin")
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.directory, sql_port=self.sql_port, http_port=self.http_port),
                       encoding="utf-8")
        started = time.monotonic()
        self.process = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+wait"], cwd=self.directory,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        # With +wait the launcher exits once the server (which daemonises) accepts connections.
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            raise VirtuosoError(f"virtuoso-t did not start within {timeout:.0f} s; see {self.log}") from None
        if self.process.returncode != 0:
            raise VirtuosoError(f"virtuoso-t exited with {self.process.returncode}: {out.strip()[-500:]}; "
                                f"see {self.log}")
        deadline = time.monotonic() + timeout
        while True:
            status = self.isql("status();", timeout=10)
            if status.returncode == 0:
                break
            if time.monotonic() > deadline:
                self.stop()
                raise VirtuosoError(f"virtuoso did not answer status() within {timeout:.0f} s: "
                                    f"{status.stdout.strip()[-300:]} {status.stderr.strip()[-300:]}")
            time.sleep(0.3)
        grant = self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        if grant.returncode != 0:
            self.stop()
            raise VirtuosoError(f"GRANT SPARQL_UPDATE failed: {grant.stdout.strip()} {grant.stderr.strip()}")
        self.startup_seconds = time.monotonic() - started
        return self

    def pid(self) -> int | None:
        """PID of the running server (from its lock file), if any."""
        lock = self.directory / "virtuoso.lck"
        try:
            text = lock.read_text().strip()
        except OSError:
            return None
        digits = "".join(ch for ch in text.split("=")[-1] if ch.isdigit())
        return int(digits) if digits else None

    def stop(self, timeout: float = 30) -> None:
        """Shut the server down cleanly; kill it by PID if it does not go."""
        pid = self.pid()
        try:
            self.isql("shutdown;", timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + timeout
        while pid is not None and _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if pid is not None and _alive(pid):
            import os
            import signal

            os.kill(pid, signal.SIGKILL)

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        pid = self.pid()
        if pid is not None and _alive(pid):
            import os
            import signal

            os.kill(pid, signal.SIGKILL)

    def __enter__(self) -> "VirtuosoServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child still "exists"; treat it as gone
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    server = VirtuosoServer(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kg-virtuoso")
    server.start()
    print(f"{server.endpoint} (started in {server.startup_seconds:.1f} s); Ctrl-C stops it", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
