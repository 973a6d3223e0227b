"""Content-Security-Policy hashes of a page's own inline scripts and styles: the one implementation.

Why: every page kg writes or serves (graph page, report, ``kg serve``'s
query page) is one self-contained file with inline code, and its policy
admits exactly that code (``'sha256-…'`` sources) and nothing else, so a
script smuggled in through the data cannot run.
"""
from __future__ import annotations

import base64
import hashlib
import re

__all__ = ["inline_hashes", "policy_sources"]

#: Data islands (``<script type="application/json">``) are not code and need no hash.
_INLINE = {tag: re.compile(rf"<{tag}(?![^>]*application/json)[^>]*>(.*?)</{tag}>", re.S) for tag in ("script", "style")}


def inline_hashes(page: str, tag: str = "script") -> list[str]:
    """The CSP sources (``'sha256-…'``) of every inline ``<script>`` (or ``<style>``) body of ``page``, in order.

    >>> inline_hashes("<script>alert(1)</script><script type='application/json'>{}</script>")
    ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
    """
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode('ascii')}'"
            for body in _INLINE[tag].findall(page)]


def policy_sources(page: str, directive: str = "script-src") -> str:
    """The sources a page's own policy gives one directive (``'none'`` when it gives none).

    A page embedded in another (the report's ``<iframe srcdoc>``) brings its
    policy's hashes along.

    >>> policy_sources('<meta http-equiv="Content-Security-Policy" content="default-src \\'none\\'; script-src \\'sha256-x\\'">')
    "'sha256-x'"
    """
    match = re.search(rf"{directive} ([^;\"]*)", page)
    return match.group(1).strip() if match and match.group(1).strip() else "'none'"
