"""A SIGKILLed ``kg build -j 2`` leaves no worker behind and no lock held (issue 13).

Runs the real command in a subprocess on a corpus big enough to keep the
workers busy, kills the parent with SIGKILL while they work, then checks
that every worker is gone within seconds and that the next build opens the
store as a writer and completes.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SENTENCES = ["The Atlantic Maritime Security Command seized a trawler off Praia on Monday.",
             "Rui Sequeira said the crew had hidden cocaine in the hold.",
             "The Corvina Cartel threatened the port authority after the seizure.",
             "Senegal and Cape Verde agreed to share radar data."]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and PR_SET_PDEATHSIG")
@pytest.mark.parametrize("parallel, grace", [(["-j", "2"], 10), (["--workers", "2"], 40)])
def test_sigkilled_parallel_build_leaves_no_orphans_and_no_lock(tmp_path, parallel, grace):
    """Process pool (-j) and local Dask cluster (--workers): no worker outlives a SIGKILLed build."""
    if parallel[0] == "--workers":
        pytest.importorskip("distributed")
    corpus = tmp_path / "docs.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for n in range(3000):
            text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(6))
            fh.write(f'{{"id": "d{n}", "text": "{text}"}}\n')
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), *parallel, "--no-html", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = [c for c in _children(proc.pid) if _alive(c)]
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(1.0)  # let them take work
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    gone_by = time.monotonic() + grace  # Dask's workers notice their parent is gone by themselves
    while time.monotonic() < gone_by and any(_alive(w) for w in workers):
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # leave no orphan behind even when the test fails
        os.kill(w, signal.SIGKILL)
    assert not survivors, "worker processes outlived the killed build"
    small = tmp_path / "one.txt"
    small.write_text(SENTENCES[0], encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "kg", "build", str(small), "--store", str(store), "--no-html", "-q"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
