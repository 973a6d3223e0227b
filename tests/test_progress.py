"""Document counts for the progress bar's ETA."""
from __future__ import annotations

import json

from kg.documents import count_documents, iter_documents


def test_counts_match_what_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("date 2026-01-01 One article.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Another article.", encoding="utf-8")
    (tmp_path / "sub" / "feed.jsonl").write_text(
        "".join(json.dumps({"id": f"f{i}", "text": f"Text {i}."}) + "\n" for i in range(5)) + "\n", encoding="utf-8")
    (tmp_path / "sheet.csv").write_text("id,text\nc1,First.\nc2,Second.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("not read", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    expected = len(list(iter_documents([str(tmp_path)])))
    assert count_documents([str(tmp_path)]) == expected == 9


def test_lines_mode_counts_non_blank_lines(tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_text("One.\n\nTwo.\nThree.\n", encoding="utf-8")
    assert count_documents([str(path)], lines=True) == len(list(iter_documents([str(path)], lines=True))) == 3
    assert count_documents([str(path)]) == 1


def test_unknown_for_stdin_and_big_line_files(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n' * 100, encoding="utf-8")
    assert count_documents(["-"]) is None
    assert count_documents([str(path)], max_bytes=100) is None
    assert count_documents([str(path)]) == 100
