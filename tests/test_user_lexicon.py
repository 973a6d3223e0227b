"""Users extend the action lexicon with their own SKOS file, without code."""
from __future__ import annotations

import pytest

from conftest import run_cli
from kg.extract.actions import EXTRA_LEXICONS_ENV, _default_lexicon, load_lexicon

EXTRA = """@prefix act: <https://w3id.org/kg-news/action/> .
@prefix kg: <https://w3id.org/kg-news/ns#> .
act:ASSAULT kg:trigger "torch" .
act:INVESTIGATE kg:trigger "audit" .
"""


@pytest.fixture
def fresh_lexicon():
    _default_lexicon.cache_clear()
    yield
    _default_lexicon.cache_clear()


def test_environment_lexicon_is_merged(tmp_path, monkeypatch, fresh_lexicon):
    extra = tmp_path / "mine.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    monkeypatch.setenv(EXTRA_LEXICONS_ENV, str(extra))
    lexicon = load_lexicon()
    assert lexicon.categorize("torch") == "ASSAULT"
    assert lexicon.categorize("audit") == "INVESTIGATE"
    assert lexicon.categorize("attack") == "ASSAULT"  # the bundled triggers stay


def test_cli_actions_option(tmp_path, monkeypatch, fresh_lexicon):
    monkeypatch.setenv(EXTRA_LEXICONS_ENV, "")  # restored after the test: the CLI writes it
    extra = tmp_path / "mine.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("The Finance Ministry audited the Lagos Port Authority.", encoding="utf-8")
    result = run_cli("extract", str(doc), "--format", "tsv", "--actions", str(extra), "-q")
    assert result.exit_code == 0, result.output
    assert "\tINVESTIGATE\t" in result.output


def test_cli_actions_missing_file_is_a_usage_error(tmp_path):
    result = run_cli("extract", str(tmp_path), "--actions", str(tmp_path / "none.ttl"))
    assert result.exit_code == 2 and "does not exist" in result.output
