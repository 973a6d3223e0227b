"""The writer lock seen from the command line: one writer, many readers, no stale locks."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from kg.ingest.builder import BuildReport, load_results
from kg.cli import cli
from kg.store.oxigraph import open_store

ARTICLE = "date 2026-03-04 The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday.\n"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "navy.txt").write_text(ARTICLE, encoding="utf-8")
    return root


@pytest.fixture
def loaded_store(tmp_path, hand_results):
    """An on-disk store with the hand-made documents (no spaCy needed)."""
    path = tmp_path / "store"
    with open_store(path) as store:
        load_results(store, hand_results, BuildReport())
    return path


def test_second_writer_gets_a_clear_error_and_exit_1(loaded_store, corpus):
    with open_store(loaded_store) as holder:
        count = holder.quad_count()
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(loaded_store),
                               "--no-html", "-q"], capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr == (f"Error: store {loaded_store} is in use by PID {os.getpid()}; wait for that kg "
                               "command to finish or stop it, then retry\n")
        assert "Traceback" not in proc.stderr and proc.stdout == ""
        assert holder.quad_count() == count


@pytest.mark.parametrize("args", [
    ("remove", "doc-one"),
    ("query", "--update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
])
def test_every_writing_command_is_refused_while_locked(loaded_store, args):
    with open_store(loaded_store):
        result = invoke(*args, "--store", str(loaded_store))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: store {loaded_store} is in use by PID {os.getpid()};")
    assert "Traceback" not in result.output


def test_readers_work_while_a_writer_holds_the_store(loaded_store):
    with open_store(loaded_store) as holder:
        stats = invoke("stats", "--store", str(loaded_store), "--format", "json")
        assert stats.exit_code == 0, stats.output
        assert '"documents": 2' in stats.stdout
        query = invoke("query", "SELECT ?l WHERE { ?a skos:prefLabel ?l } ORDER BY ?l", "--format", "csv",
                       "--store", str(loaded_store))
        assert query.exit_code == 0, query.output
        assert "Los Lobos" in query.stdout.splitlines()
        export = invoke("export", "--format", "nq", "--store", str(loaded_store))
        assert export.exit_code == 0 and export.stdout.count("\n") == holder.quad_count()


def test_readers_in_other_processes_work_while_a_writer_holds_the_store(loaded_store):
    with open_store(loaded_store):
        proc = subprocess.run([sys.executable, "-m", "kg", "query", "ASK { ?a a kg:Actor }", "--store",
                               str(loaded_store)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "true"


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from kg.store.oxigraph import open_store
    store = open_store(sys.argv[1])
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_lock_left_by_a_killed_writer_is_ignored(loaded_store, corpus):
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(loaded_store)])
    assert proc.wait(timeout=120) == -signal.SIGKILL
    lock = loaded_store / "kg-writer.lock"
    assert lock.read_text() == str(proc.pid)  # the dead writer's PID is still in the file
    result = invoke("build", str(corpus), "--store", str(loaded_store), "--no-html")
    assert result.exit_code == 0, result.output
    assert "1 loaded" in result.stderr
    assert lock.read_text() == str(os.getpid())  # the new writer wrote its own PID
