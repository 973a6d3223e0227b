"""Extract: documents in, actor–action–target triples with evidence out (spaCy parse + kg's rules and lexicons).

Owns the spaCy pipeline and gazetteer ruler (:mod:`~kg.extract.nlp`),
entity resolution within a document (names, descriptions, pronouns, countries),
the clause rules that make triples and derived facts, the action lexicon
(SKOS categories), relative dates, cross-document name links
(:mod:`~kg.extract.consolidate`), running in processes, and the JSONL/CSV
output of ``kg extract``.

May import: core, :mod:`kg.documents`.
"""
from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    """``kg.extract(...)`` is the public function, even once Python has bound ``kg.extract`` to this package.

    Importing any ``kg.extract.*`` module makes ``kg.extract`` the package (the
    import system sets the attribute), which would shadow the lazily imported
    function of the public API; calling the package calls the function.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .pipeline import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
