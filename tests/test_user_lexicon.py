"""Users extend the action lexicon with their own SKOS file, without code."""
from __future__ import annotations


from conftest import run_cli
from kg.extract.actions import load_lexicon

EXTRA = """@prefix act: <https://w3id.org/kg-news/action/> .
@prefix kg: <https://w3id.org/kg-news/ns#> .
act:ASSAULT kg:trigger "torch" .
act:INVESTIGATE kg:trigger "audit" .
act:COERCE kg:trigger "garnish" .
"""


def test_extra_lexicon_is_merged_and_the_bundled_one_is_untouched(tmp_path):
    extra = tmp_path / "mine.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    lexicon = load_lexicon(extra=[extra])
    assert lexicon.categorize("torch") == "ASSAULT"
    assert lexicon.categorize("audit") == "INVESTIGATE"
    assert lexicon.categorize("attack") == "ASSAULT"  # the bundled triggers stay
    assert lexicon.categorize("garnish") == "COERCE"
    assert load_lexicon().categorize("garnish") is None  # an argument, not process state


def test_library_extraction_takes_the_lexicon_as_an_argument(tmp_path):
    from kg.documents import iter_documents
    from kg.extract.pipeline import extract_documents

    extra = tmp_path / "mine.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("The Finance Ministry garnished the wages of the Lagos Port Authority.", encoding="utf-8")
    with_extra = [t.action.category for r in extract_documents(iter_documents([str(doc)]), actions=[str(extra)])
                  for t in r.triples]
    without = [t.action.category for r in extract_documents(iter_documents([str(doc)])) for t in r.triples]
    assert "COERCE" in with_extra and "COERCE" not in without


def test_cli_actions_option(tmp_path):
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
