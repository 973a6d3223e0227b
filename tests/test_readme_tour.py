"""The README's tour shows what kg really prints (tests/readme_tour.py runs it; slow: ~10 s)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import readme_tour  # noqa: E402


def test_examples_are_found():
    lines = readme_tour.README.read_text(encoding="utf-8").split("\n")
    commands = [e.command for e in readme_tour.examples(lines)]
    assert commands[0] == "kg build --example"
    assert any(c.startswith("kg curation") for c in commands)
    assert not any("kg serve" in c for c in commands)


@pytest.mark.slow
def test_readme_outputs_match_a_real_run():
    problems = readme_tour.compare()
    assert not problems, "README drifted; run python tests/readme_tour.py --write\n\n" + "\n\n".join(problems)
