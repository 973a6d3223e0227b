"""Shared helpers and fixtures: the CLI runner, the spaCy pipeline, the seed article, stores.

Helpers that tests import (``from conftest import run_cli``): :func:`run_cli`
runs ``kg`` in-process, :func:`assert_clean_failure` checks a user error,
:func:`write_store` loads extraction results into an on-disk store. Fixtures:
``nlp``, ``seed_path``, ``seed_store``, ``examples_store`` (built once per
session), ``copy_store`` (a private copy of a built store, for tests that
change it), and the hand-made data ``hand_entities``, ``hand_results``,
``hand_store`` (in memory) and ``hand_store_path`` (on disk).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "data" / "seed-article.txt"
EVAL = SHARED / "eval"


# --------------------------------------------------------------------------- the CLI


def run_cli(*args, store=None, input: str | None = None, env: dict | None = None,
            catch_exceptions: bool = True, check: bool = False) -> Result:
    """Run ``kg ARGS`` in this process through click's ``CliRunner``; the tests' one CLI helper.

    Arguments are passed as strings (paths may be given as :class:`~pathlib.Path`).
    ``store`` appends ``--store STORE``; ``check`` asserts exit status 0 and shows
    the output when it is not. ``input``, ``env`` and ``catch_exceptions`` are
    those of :meth:`click.testing.CliRunner.invoke`.
    """
    from click.testing import CliRunner

    from kg.cli import cli

    argv = [str(a) for a in args]
    if store is not None:
        argv += ["--store", str(store)]
    result = CliRunner().invoke(cli, argv, input=input, env=env, catch_exceptions=catch_exceptions)
    if check:
        assert result.exit_code == 0, result.output
    return result


def assert_clean_failure(result: Result, code: int = 1) -> None:
    """A user error: the exit status, a message, and no traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- stores


@pytest.fixture
def copy_store(tmp_path) -> Callable[..., Path]:
    """``copy_store(source, name="store")``: a private copy of a built store in this test's tmp_path.

    For tests that change a store built once per module or session.
    """
    def copy(source: str | Path, name: str = "store") -> Path:
        target = tmp_path / name
        shutil.copytree(source, target)
        return target

    return copy


def write_store(path: str | Path, results) -> Path:
    """Load extraction results into the on-disk store at ``path`` through the build's loader; the path."""
    from kg.ingest.builder import BuildReport, load_results
    from kg.store import open_store

    with open_store(str(path)) as store:
        load_results(store, results, BuildReport())
    return Path(path)


# --------------------------------------------------------------------------- Virtuoso (integration tests)


def start_virtuoso(tmp_path_factory, name: str):
    """A throw-away Virtuoso server (tests/virtuoso.py) in a new temporary directory, started.

    Without ``virtuoso-t`` the test skips, except under CI (``$CI`` set), where it fails.
    """
    import virtuoso as vt  # tests/virtuoso.py

    if not vt.virtuoso_available():
        message = "virtuoso-t / isql-vt not installed (apt-get install virtuoso-opensource-7-bin)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it (.ci/run)")
        pytest.skip(message)
    return vt.VirtuosoServer(tmp_path_factory.mktemp(name)).start()


@pytest.fixture(scope="session")
def scratch_server(tmp_path_factory):
    """A Virtuoso server for the tests that write to one (emptied before each test by ``scratch``)."""
    server = start_virtuoso(tmp_path_factory, "virtuoso-scratch")
    yield server
    server.stop()


@pytest.fixture
def scratch(scratch_server):
    """An empty kg store on the scratch server (kg's graphs dropped before the test)."""
    from kg import vocab as V
    from kg.store import open_store

    with open_store(scratch_server.endpoint) as store:
        graphs = store.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                             f'FILTER(STRSTARTS(STR(?g), "{V.ID}")) }}').rows
        if graphs:
            store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for (g,) in graphs))
        yield store


# --------------------------------------------------------------------------- every store back-end

#: The SPARQL 1.1 server back-end (a Virtuoso started for the session): an integration test.
SPARQL_BACKEND = pytest.param("sparql", marks=pytest.mark.integration)
#: The store back-ends the contract tests run on; the SPARQL server only with ``-m integration``.
BACKENDS = ["memory", "oxigraph", SPARQL_BACKEND]


@pytest.fixture(params=BACKENDS)
def backend_location(request, tmp_path) -> str:
    """The location of an empty, writable store on each back-end.

    ``memory`` (embedded Oxigraph in memory), ``oxigraph`` (a new directory on
    disk) and ``sparql`` (the scratch Virtuoso server, emptied of kg's graphs).
    Narrow it with ``@pytest.mark.parametrize("backend_location", [...], indirect=True)``.
    """
    if request.param == "memory":
        return "memory"
    if request.param == "oxigraph":
        return str(tmp_path / "store")
    if request.param == "sparql":
        request.getfixturevalue("scratch")  # drops kg's graphs left by earlier tests
        return request.getfixturevalue("scratch_server").endpoint
    raise ValueError(f"unknown store back-end {request.param!r}")


@pytest.fixture
def backend_store(backend_location):
    """An empty, writable store opened on each back-end (see ``backend_location``)."""
    from kg.store import open_store

    with open_store(backend_location) as store:
        yield store


@pytest.fixture
def backend_hand_store(backend_store, hand_results):
    """:func:`hand_results` loaded into ``backend_store`` through the build's loader (like ``hand_store``)."""
    from kg.ingest.builder import BuildReport, load_results

    load_results(backend_store, hand_results, BuildReport())
    return backend_store


# --------------------------------------------------------------------------- spaCy and bundled data


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


def stock_and_replaced(install: Callable) -> tuple:
    """The model as shipped, and a second copy with one of kg's replacement steps installed by ``install``
    (``use_attribute_rules``, ``use_lemma_table``), for tests that compare the two token by token."""
    import spacy

    from kg.extract.nlp import DEFAULT_MODEL

    stock, replaced = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    assert install(replaced)
    return stock, replaced


@pytest.fixture(scope="session", autouse=True)
def _model_shared_with_build_workers(nlp):
    """``kg build`` on disk extracts in a forked worker, which loads the model unless this process has it
    (the fork then shares it): the many command-line tests run in this process would load it once per
    build, so it is loaded here once."""


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/data/seed-article.txt is not available")
    return SEED


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_path):
    """An on-disk Oxigraph store built from the seed article (built once, opened read-only by tests)."""
    from kg import build

    path = tmp_path_factory.mktemp("seed") / "store"
    report = build([str(seed_path)], store=str(path))
    assert report.loaded == 1
    return path


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory):
    """A store built from the bundled example corpus."""
    from kg import build
    from kg.resources import examples_dir

    path = tmp_path_factory.mktemp("examples") / "store"
    build([str(examples_dir())], store=str(path))
    return path


# --------------------------------------------------------------------------- hand-made data (no spaCy)
#
# Two documents whose extraction results are written by hand, so store, RDF, graph,
# analysis and export tests know every expected number exactly:
#
#   doc-one (2026-01-10)                         doc-two (2026-03-01)
#   s0 Alice Ayala  accused  Los Lobos  ACCUSE   s0 United States sanctioned Los Lobos  SANCTION
#   s1 Navy  attacked  Los Lobos  ASSAULT        s1 Los Lobos  may threaten  Navy  THREATEN
#   s2 Navy  raided  Los Lobos  ASSAULT          s2 Alice Ayala  resigned  (no object)
#   s3 United States supported Navy  AID         s3 Navy  attacked  police (generic -> argument)
#   s4 police (generic subject) -> no event      s4 United States condemned Los Lobos (undated)
#   s5 Alice rejected "the statement" (Other -> argument)


def _entity(type_: str, slug: str, label: str, country: str | None = None, aliases=(), *,
            text: str | None = None, generic: bool = False):
    from kg.model import EntityRef

    return EntityRef(text=text or label, id=f"{type_}/{slug}", label=label, type=type_, country=country,
                     aliases=list(aliases), generic=generic)


def _triple(doc: str, sentence: int, subject, action: str, lemma: str, obj=None, *, category=None,
            date=None, confidence=0.8, arguments=(), negated=False, modality=None):
    from kg.model import Action, Argument, Triple

    text = f"Sentence {sentence} of {doc}: {subject.text} {action} {obj.text if obj else ''}."
    return Triple(doc=doc, sentence=sentence, text=text, span=(sentence * 100, sentence * 100 + len(text)),
                  subject=subject, action=Action(action, lemma, category, negated, modality), object=obj,
                  arguments=[Argument(t, r) for r, t in arguments], date=date, confidence=confidence)


@pytest.fixture
def hand_entities() -> dict:
    """The actors and non-actors of the hand-made results, by short name."""
    return {
        "alice": _entity("Person", "alice-ayala", "Alice Ayala", "ECU", ["Ayala"]),
        "navy": _entity("Organization", "ecuadorian-navy", "Ecuadorian Navy", "ECU"),
        "lobos": _entity("Organization", "los-lobos", "Los Lobos", "ECU", ["Lobos"]),
        "usa": _entity("Country", "united-states", "United States", "USA", ["U.S."]),
        "police": _entity("Group", "police", "police", generic=True),
        "statement": _entity("Other", "statement", "the statement"),
    }


@pytest.fixture
def hand_results(hand_entities):
    """Two ExtractionResults written by hand (see the table above)."""
    from kg.extract.pipeline import ExtractionResult
    from kg.model import Document

    e = hand_entities
    d1 = Document("doc-one", "Text of the first article.", date="2026-01-10", title="Navy strikes Los Lobos",
                  url="https://example.org/1", source="Example Wire")
    d2 = Document("doc-two", "Text of the second article.", date="2026-03-01")
    t1 = [
        _triple("doc-one", 0, e["alice"], "accused", "accuse", e["lobos"], category="ACCUSE", date="2026-01-10"),
        _triple("doc-one", 1, e["navy"], "attacked", "attack", e["lobos"], category="ASSAULT", date="2026-01-10",
                confidence=0.9, arguments=[("in", "in Guayaquil")]),
        _triple("doc-one", 2, e["navy"], "raided", "raid", e["lobos"], category="ASSAULT", date="2026-01-11",
                confidence=0.7),
        _triple("doc-one", 3, e["usa"], "supported", "support", e["navy"], category="AID", date="2026-01-12",
                confidence=0.6),
        _triple("doc-one", 4, e["police"], "arrested", "arrest", e["lobos"], category="COERCE", date="2026-01-10"),
        _triple("doc-one", 5, e["alice"], "rejected", "reject", e["statement"], category="REJECT",
                date="2026-01-10"),
    ]
    t2 = [
        _triple("doc-two", 0, e["usa"], "sanctioned", "sanction", e["lobos"], category="SANCTION", date="2026-03-01"),
        _triple("doc-two", 1, e["lobos"], "threaten", "threaten", e["navy"], category="THREATEN", date="2026-03-02",
                modality="may"),
        _triple("doc-two", 2, e["alice"], "resigned", "resign", None, date="2026-03-01"),
        _triple("doc-two", 3, e["navy"], "attacked", "attack", e["police"], category="ASSAULT", date="2026-03-03"),
        _triple("doc-two", 4, e["usa"], "condemned", "condemn", e["lobos"], category="DISAPPROVE"),
    ]
    return [ExtractionResult(d1, t1, entities=list(e.values()), sentences=6),
            ExtractionResult(d2, t2, entities=[e["alice"], e["navy"]], sentences=5)]


@pytest.fixture
def hand_store(hand_results):
    """An in-memory store loaded with :func:`hand_results` through the build's loader."""
    from kg.ingest.builder import BuildReport, load_results
    from kg.store import open_store

    store = open_store("memory")
    load_results(store, hand_results, BuildReport())
    yield store
    store.close()


@pytest.fixture
def hand_store_path(tmp_path, hand_results) -> Path:
    """An on-disk Oxigraph store with :func:`hand_results` (closed, for CLI tests), as a path."""
    return write_store(tmp_path / "hand-store", hand_results)
