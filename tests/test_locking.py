"""The writer lock seen from the command line: one writer, many readers, no stale locks."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from conftest import run_cli
from kg.store import open_store

ARTICLE = "date 2026-03-04 The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday.\n"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "navy.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def test_second_writer_gets_a_clear_error_and_exit_1(hand_store_path, corpus):
    with open_store(hand_store_path) as holder:
        count = holder.quad_count()
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(hand_store_path),
                               "--no-html", "-q"], capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr == (f"Error: store {hand_store_path} is in use by PID {os.getpid()}; wait for that kg "
                               "command to finish or stop it, then retry\n")
        assert "Traceback" not in proc.stderr and proc.stdout == ""
        assert holder.quad_count() == count


@pytest.mark.parametrize("args", [
    ("remove", "doc-one"),
    ("query", "--update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
])
def test_every_writing_command_is_refused_while_locked(hand_store_path, args):
    with open_store(hand_store_path):
        result = run_cli(*args, "--store", str(hand_store_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: store {hand_store_path} is in use by PID {os.getpid()};")
    assert "Traceback" not in result.output


def test_readers_work_while_a_writer_holds_the_store(hand_store_path):
    with open_store(hand_store_path) as holder:
        stats = run_cli("stats", "--store", str(hand_store_path), "--format", "json")
        assert stats.exit_code == 0, stats.output
        assert '"documents": 2' in stats.stdout
        query = run_cli("query", "SELECT ?l WHERE { ?a skos:prefLabel ?l } ORDER BY ?l", "--format", "csv",
                        "--store", str(hand_store_path))
        assert query.exit_code == 0, query.output
        assert "Los Lobos" in query.stdout.splitlines()
        export = run_cli("export", "--format", "nq", "--store", str(hand_store_path))
        assert export.exit_code == 0 and export.stdout.count("\n") == holder.quad_count()


def test_readers_in_other_processes_work_while_a_writer_holds_the_store(hand_store_path):
    with open_store(hand_store_path):
        proc = subprocess.run([sys.executable, "-m", "kg", "query", "ASK { ?a a kg:Actor }", "--store",
                               str(hand_store_path)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "true"


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from kg.store import open_store
    store = open_store(sys.argv[1])
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_lock_left_by_a_killed_writer_is_ignored(hand_store_path, corpus):
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(hand_store_path)])
    assert proc.wait(timeout=120) == -signal.SIGKILL
    lock = hand_store_path / "kg-writer.lock"
    assert lock.read_text() == str(proc.pid)  # the dead writer's PID is still in the file
    result = run_cli("build", str(corpus), "--store", str(hand_store_path), "--no-html")
    assert result.exit_code == 0, result.output
    assert "1 loaded" in result.stderr
    assert lock.read_text() == str(os.getpid())  # the new writer wrote its own PID


_DYING_WORKER = textwrap.dedent("""
    import fcntl, sys, time
    lock, dead_pid, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(lock, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(dead_pid)  # the lock names a writer that is gone, as a killed writer's worker leaves it
        handle.flush()
        print("locked", flush=True)
        time.sleep(seconds)
""")


@pytest.mark.parametrize("holder_lives, opens", [(0.6, True), (30, False)])
def test_a_killed_writers_worker_still_holding_the_lock_is_waited_for_a_moment(hand_store_path, holder_lives, opens,
                                                                               monkeypatch):
    """A worker forked by a writer killed with SIGKILL dies with it, a moment later: the lock it still holds
    is waited for (a few seconds), not reported as in use; one held longer is refused, naming the dead PID."""
    from kg.errors import StoreLocked
    from kg.store import oxigraph_open

    monkeypatch.setattr(oxigraph_open, "_ORPHANED_LOCK_WAIT", 2.0)  # (5 s in use: 2 s keeps the test short)

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    holder = subprocess.Popen([sys.executable, "-c", _DYING_WORKER, str(hand_store_path / "kg-writer.lock"), dead,
                               str(holder_lives)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        if opens:
            with open_store(hand_store_path) as store:
                assert store.quad_count() >= 0
        else:
            with pytest.raises(StoreLocked, match=f"in use by PID {dead}"):
                open_store(hand_store_path)
    finally:
        holder.kill()
        holder.wait()
