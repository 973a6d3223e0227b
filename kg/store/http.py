"""SPARQL 1.1 Protocol over HTTP for :mod:`kg.store.sparql`: requests, credentials, errors.

Queries are POSTed as ``query=`` forms (long ``VALUES`` lists do not fit in a
URL), updates as ``application/sparql-update`` bodies, with one pooled
keep-alive ``httpx.Client``. Credentials come from the arguments or
``$KG_SPARQL_USER`` / ``$KG_SPARQL_PASSWORD`` and are sent as HTTP Basic or
Digest, whichever the server's 401 challenge names (Virtuoso's
``/sparql-auth`` wants Digest). Every failure becomes a one-line
:class:`~kg.errors.StoreError` (cannot reach, refused, not an endpoint) or
:class:`~kg.errors.QueryError` (the server rejected the request), with the
server's own message and never a password.
"""
from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..errors import QueryError, QueryTimeout, StoreError

__all__ = ["SparqlHttp", "media_type", "redact"]


def redact(url: str) -> str:
    """The URL without ``user:password@``, for messages.

    >>> redact("http://dba:secret@127.0.0.1:8890/sparql")
    'http://127.0.0.1:8890/sparql'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def media_type(response: httpx.Response) -> str:
    """The response's media type without parameters, lower case."""
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


class _ChallengeAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server's first 401 challenge names."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._schemes = {"basic": httpx.BasicAuth(user, password), "digest": httpx.DigestAuth(user, password)}
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request):  # type: ignore[override]
        if self._scheme is not None:
            yield from self._schemes[self._scheme].auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        self._scheme = "digest" if challenge.startswith("digest") else "basic"
        yield from self._schemes[self._scheme].auth_flow(request)


class SparqlHttp:
    """One HTTP client for a SPARQL server's query and update URLs.

    Parameters
    ----------
    user, password : str, optional
        Default ``$KG_SPARQL_USER`` / ``$KG_SPARQL_PASSWORD``; no user means anonymous.
    timeout : float, optional
        Seconds to wait for an answer (connecting: at most 10 s); default
        ``$KG_SPARQL_TIMEOUT``, else 300.
    """

    def __init__(self, *, user: str | None = None, password: str | None = None, timeout: float | None = None):
        self.user = user if user is not None else (os.environ.get("KG_SPARQL_USER") or None)
        if password is None:
            password = os.environ.get("KG_SPARQL_PASSWORD", "")
        if timeout is None:
            try:
                timeout = float(os.environ.get("KG_SPARQL_TIMEOUT") or 300.0)
            except ValueError:
                raise StoreError(f"KG_SPARQL_TIMEOUT={os.environ['KG_SPARQL_TIMEOUT']!r} is not a number "
                                 "of seconds") from None
        self.timeout = timeout
        self._client: httpx.Client | None = httpx.Client(
            auth=_ChallengeAuth(self.user, password) if self.user else None,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=False,
            headers={"User-Agent": "kg (SPARQL 1.1 Protocol)"})

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def query(self, url: str, sparql: str, accept: str, *, timeout: float | None = None) -> httpx.Response:
        """POST a query; the response is a 2xx one (anything else raised).

        ``timeout`` (seconds) is the caller's limit for this request: running
        out raises :class:`~kg.errors.QueryTimeout` (the server may go on
        with the work until its own limit).
        """
        return self._post(url, "query", timeout, data={"query": sparql}, headers={"Accept": accept})

    def update(self, url: str, sparql: str, *, timeout: float | None = None) -> httpx.Response:
        """POST an update request body."""
        return self._post(url, "update", timeout, content=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-update; charset=utf-8", "Accept": "*/*"})

    def _post(self, url: str, what: str, timeout: float | None, **kwargs: Any) -> httpx.Response:
        shown = redact(url)
        if self._client is None:
            raise StoreError(f"the connection to SPARQL endpoint {shown} is closed")
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout, connect=min(timeout, 10.0))
        try:
            response = self._client.post(url, **kwargs)
        except httpx.TimeoutException:
            if timeout is not None:
                raise QueryTimeout(f"the {what} did not finish within {timeout:.3g} s; "
                                   "simplify it, add LIMIT, or raise --timeout") from None
            raise StoreError(f"SPARQL endpoint {shown} did not answer within {self.timeout:g} s "
                             "(KG_SPARQL_TIMEOUT)") from None
        except httpx.ConnectError as exc:
            reason = "connection refused" if "refused" in str(exc).lower() else _one_line(str(exc))
            raise StoreError(f"cannot reach SPARQL endpoint {shown}: {reason} (is the server running?)") from None
        except httpx.HTTPError as exc:  # other transport and protocol errors
            raise StoreError(f"cannot talk to SPARQL endpoint {shown}: {_one_line(str(exc))}") from None
        except ValueError as exc:  # httpx.InvalidURL and friends
            raise StoreError(f"{shown} is not a usable SPARQL endpoint URL: {_one_line(str(exc))}") from None
        if response.status_code >= 300:
            raise self._error(response, shown, what)
        return response

    def _error(self, response: httpx.Response, url: str, what: str) -> StoreError | QueryError:
        status = response.status_code
        message = server_message(response)
        who = f"user {self.user!r}" if self.user else "anonymous access"
        denied = "SR186" in message or "permission" in message.lower()  # Virtuoso: no SPARQL_UPDATE grant
        if what == "update" and (status in (401, 403) or denied):
            return StoreError(f"SPARQL endpoint {url} does not allow updates for {who} (HTTP {status}): "
                              f"{message}; set KG_SPARQL_USER/KG_SPARQL_PASSWORD or grant update rights "
                              f"(Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\")")
        if status in (401, 403):
            return StoreError(f"SPARQL endpoint {url} refused {who} (HTTP {status}); "
                              "set KG_SPARQL_USER and KG_SPARQL_PASSWORD")
        if 300 <= status < 400:
            return StoreError(f"SPARQL endpoint {url} redirects to {response.headers.get('location', '?')}; "
                              "use that URL")
        if status == 404:
            return StoreError(f"no SPARQL endpoint at {url} (HTTP 404)")
        if status in (400, 500):
            return QueryError(f"SPARQL {what} failed on {url}: {message}")
        return StoreError(f"SPARQL endpoint {url} answered HTTP {status}: {message}")


def server_message(response: httpx.Response) -> str:
    """The server's error text on one line (Virtuoso's echo of the query cut off, HTML stripped)."""
    text = response.text.split("\n\nSPARQL query:")[0]
    if "html" in media_type(response):
        text = re.sub(r"(?s)<(script|style|title)\b.*?</\1>|<[^>]+>", " ", text)
    text = _one_line(text)
    return (text[:300] + "…") if len(text) > 300 else (text or response.reason_phrase)


def _one_line(text: str) -> str:
    return " ".join(text.split())
