"""The docs are tested: every command appears in README.md (sqlite-utils' test_docs.py), doctests run."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
MIN_LINES = 50


@pytest.fixture(scope="module")
def readme() -> str:
    if not README.is_file():
        pytest.skip("README.md does not exist yet")
    text = README.read_text(encoding="utf-8")
    if len(text.splitlines()) < MIN_LINES:
        pytest.skip(f"README.md has fewer than {MIN_LINES} lines (still being written); "
                    "this test activates once it is filled in")
    return text


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_command_is_documented_in_readme(readme, command):
    assert re.search(rf"\bkg {re.escape(command)}\b", readme), f"`kg {command}` is not mentioned in README.md"


def test_the_default_run_collects_the_doctests_of_kg():
    """`python -m pytest` runs the docstring examples of the kg package too (pyproject's pytest options)."""
    import tomllib

    options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "kg" in options["testpaths"] and "tests" in options["testpaths"]
    assert "--doctest-modules" in options["addopts"].split()


@pytest.mark.slow
def test_readme_python_api_block_runs(readme, tmp_path, monkeypatch):
    """The README's Python API example runs as written (in a scratch folder, on the bundled corpus)."""
    block = re.search(r"### Python API.*?```python\n(.*?)```", readme, re.S)
    assert block, "README.md has no Python API example"
    code = block.group(1).replace('"kg/data/examples"', repr(str(REPO / "kg" / "data" / "examples")))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README
    assert (tmp_path / "output" / "store").is_dir()
