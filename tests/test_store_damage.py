"""Store failures are clear errors, not tracebacks (issue 13): damaged files, a missing CURRENT."""
from __future__ import annotations

import pytest

from conftest import run_cli
from kg.errors import StoreError
from kg.store import open_store


def _flip_bytes(path):
    data = bytearray(path.read_bytes())
    for i in range(64, len(data), 257):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_table_file_is_a_clear_error(hand_store_path, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Senegal accused Mali.", encoding="utf-8")
    tables = sorted(hand_store_path.glob("*.sst"))
    assert tables
    for table in tables:
        _flip_bytes(table)
    for args in (["stats"], ["export", "--format", "nq"], ["build", str(doc), "--no-html"]):
        res = run_cli(*args, "--store", str(hand_store_path))
        assert res.exit_code == 1, res.output
        assert "Traceback" not in res.output
        assert "damaged" in res.output and "rebuild it" in res.output


def test_missing_current_file_says_damaged_not_foreign(hand_store_path):
    (hand_store_path / "CURRENT").unlink()
    with pytest.raises(StoreError, match="is damaged: its CURRENT file is missing"):
        open_store(hand_store_path, read_only=True)
    with pytest.raises(StoreError, match="is damaged: its CURRENT file is missing"):
        open_store(hand_store_path)


def test_an_intact_copy_still_opens(hand_store_path, copy_store):
    copy = copy_store(hand_store_path, "copy")
    (copy / "kg-writer.lock").unlink(missing_ok=True)
    with open_store(copy, read_only=True) as store:
        assert store.quad_count() > 0


def test_a_writer_removes_bulk_load_debris(hand_store_path):
    """Temporary bulk-load files a failed or killed load left behind (e.g. on a full disk) do not stay."""
    debris = hand_store_path / "bulk-1234-0.sst"
    debris.write_bytes(b"half a table")
    with open_store(hand_store_path, read_only=True):
        assert debris.exists()  # a reader changes nothing
    with open_store(hand_store_path) as store:
        assert not debris.exists()
        assert store.quad_count() > 0


def test_kg_check_on_a_sound_store(tmp_path):
    from kg import build

    (tmp_path / "a.txt").write_text("date 2026-03-04\nSenegal accused Mali of shelling the border.", encoding="utf-8")
    build([str(tmp_path / "a.txt")], store=str(tmp_path / "s"))
    res = run_cli("check", "--store", str(tmp_path / "s"))
    assert res.exit_code == 0, res.output
    assert res.stdout.endswith("store is sound\n") and "ok: 1 documents" in res.stdout


def test_kg_check_reports_an_interrupted_build_and_a_missing_summary(hand_store_path):
    from kg.ingest.maintenance import mark_links_stale

    with open_store(hand_store_path) as store:
        mark_links_stale(store)
    res = run_cli("check", "--store", str(hand_store_path))
    assert res.exit_code == 1
    assert "problem: a build or removal was interrupted before the links were refreshed" in res.stderr
    assert "problem: the analysis summary is missing or damaged" in res.stderr


def test_kg_check_on_a_damaged_store(hand_store_path):
    for table in hand_store_path.glob("*.sst"):
        _flip_bytes(table)
    res = run_cli("check", "--store", str(hand_store_path))
    assert res.exit_code == 1 and "damaged" in res.output and "Traceback" not in res.output
