"""Where ``kg serve`` listens: loopback by default, the Host names it answers to, and running uvicorn on a socket."""
from __future__ import annotations

import ipaddress
import socket
from typing import Any

from ..errors import KgError

__all__ = ["listen", "server_url", "host_names", "run_server"]

#: Host header values accepted when the server is not opened to the network.
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")


def _is_loopback(address: str) -> bool:
    return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback


def listen(host: str, port: int, *, allow_remote: bool = False) -> socket.socket:
    """Bind a listening socket, refusing non-loopback addresses unless ``allow_remote``.

    Port 0 picks a free port; read it from ``sock.getsockname()``.

    Raises
    ------
    KgError
        If ``host`` does not resolve, is not a loopback address (without
        ``allow_remote``), or the port cannot be bound.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise KgError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    if not allow_remote:
        remote = [info[4][0] for info in infos if not _is_loopback(info[4][0])]
        if remote:
            raise KgError(f"refusing to listen on {host} ({remote[0]}): it is not a loopback address and kg serve "
                          "is open to the network only with --allow-remote (and a --token); use --host 127.0.0.1")
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def server_url(sock: socket.socket) -> str:
    """``http://host:port/`` of a listening socket."""
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def host_names(host: str) -> list[str]:
    """Host header values to accept for a server bound to ``host`` (loopback names plus ``host``)."""
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return [*LOOPBACK_HOSTS, *([name.lower()] if name.lower() not in LOOPBACK_HOSTS else [])]


def run_server(app: Any, sock: socket.socket, *, verbose: bool = False) -> None:
    """Serve ``app`` with uvicorn on a bound socket until Ctrl-C (or SIGTERM), then return."""
    import uvicorn

    config = uvicorn.Config(app, lifespan="off", log_level="info" if verbose else "warning",
                            access_log=verbose, timeout_graceful_shutdown=3)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down, then re-raises the signal it caught
        pass
    finally:
        sock.close()
