"""The click CLI, end to end on a tiny corpus built once per module (spaCy runs once)."""
from __future__ import annotations

import csv
import io
import json

import click
import networkx as nx
import pyoxigraph as ox
import pytest

from conftest import assert_clean_failure, run_cli
from kg.cli import cli

ARTICLE = ("date 2026-03-04 The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday. "
           "The United States sanctioned Los Lobos on Tuesday. "
           "President Daniel Noboa praised the Ecuadorian Navy.\n")
LABELS = "SELECT ?label WHERE { ?a a kg:Actor ; skos:prefLabel ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-corpus")
    (root / "navy-strikes.txt").write_text(ARTICLE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus):
    """(store path, build result) of `kg build` on the corpus."""
    out = tmp_path_factory.mktemp("cli-out")
    store = out / "store"
    result = run_cli("build", str(corpus), "--store", str(store), "--html", str(out / "graph.html"))
    assert result.exit_code == 0, result.output
    return store, result


@pytest.fixture(scope="module")
def store(built) -> str:
    return str(built[0])


# --------------------------------------------------------------------------- help


def _command_paths(group: click.Group = cli, path: tuple[str, ...] = ()):
    """Every command under ``group`` as its argument path, groups and their subcommands included."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*path, name))


COMMANDS = list(_command_paths())


def _example_lines(help_text: str, header: str = "Example:") -> list[str]:
    """The lines of the indented block under ``header`` (up to the next blank line), stripped."""
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == header) + 1
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line.strip())
    return block


def test_the_command_tree_is_walked():
    assert len(COMMANDS) >= 20
    assert {("curation",), ("curation", "undo"), ("alias",), ("build",), ("query",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids="-".join)
def test_every_command_has_help_with_an_example(path):
    """`kg ... --help` of every command and subcommand shows an "Example:" block running that command."""
    name = " ".join(path)
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, (name, result.output)
    assert f"Usage: cli {name}" in result.output or f"Usage: kg {name}" in result.output
    assert "Example:" in result.output, name
    examples = _example_lines(result.output)
    assert any(line == f"kg {name}" or line.startswith(f"kg {name} ") for line in examples), (name, examples)


def test_top_level_help_lists_commands():
    result = run_cli("--help")
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output
    examples = _example_lines(result.output, "Typical session:")
    assert examples and all(line.startswith("kg ") for line in examples)


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0 and result.output.startswith("kg ")


# --------------------------------------------------------------------------- build


def test_build_summary_and_page(built):
    store, result = built
    assert "read 1 document, skipped 0; 1 loaded, 0 unchanged" in result.stderr
    assert "graph page:" in result.stderr
    html = (store.parent / "graph.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "Los Lobos" in html


def test_rebuild_is_idempotent(store, corpus):
    before = json.loads(run_cli("stats", "--store", store, "--format", "json").stdout)
    result = run_cli("build", str(corpus), "--store", store, "--no-html")
    assert result.exit_code == 0, result.output
    assert "0 loaded, 1 unchanged" in result.stderr
    after = json.loads(run_cli("stats", "--store", store, "--format", "json").stdout)
    assert after == before


def test_build_quiet(tmp_path, corpus):
    result = run_cli("build", str(corpus), "--store", str(tmp_path / "s"), "--no-html", "-q")
    assert result.exit_code == 0
    assert result.output == ""


# --------------------------------------------------------------------------- query


def test_query_table(store):
    result = run_cli("query", LABELS, "--store", store)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "label"
    assert set(lines[1]) == {"-"}
    assert "Los Lobos" in [line.strip() for line in lines[2:]]


def test_query_csv(store):
    result = run_cli("query", LABELS, "--format", "csv", "--store", store)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["label"]
    labels = [r[0] for r in rows[1:]]
    assert "Los Lobos" in labels and labels == sorted(labels)


def test_query_json(store):
    result = run_cli("query", LABELS, "--format", "json", "--store", store)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"label": "Los Lobos"} in data
    assert all(list(row) == ["label"] for row in data)


def test_query_ask_and_construct(store):
    assert run_cli("query", "ASK { ?a kg:actedOn ?b }", "--store", store).stdout.strip() == "true"
    result = run_cli("query", "CONSTRUCT { ?a kg:actedOn ?b } WHERE { ?a kg:actedOn ?b }", "--store", store)
    assert result.exit_code == 0
    assert len(list(ox.parse(result.stdout.encode(), ox.RdfFormat.N_TRIPLES))) >= 1


def test_query_from_file(store, tmp_path):
    rq = tmp_path / "events.rq"
    rq.write_text("# count the events\nSELECT (COUNT(?e) AS ?events) WHERE { ?e a kg:Event }\n", encoding="utf-8")
    result = run_cli("query", "-f", str(rq), "--format", "json", "--store", store)
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["events"] >= 1


def test_query_needs_exactly_one_query(store, tmp_path):
    assert run_cli("query", "--store", store).exit_code == 2
    rq = tmp_path / "q.rq"
    rq.write_text("ASK {}", encoding="utf-8")
    result = run_cli("query", "ASK {}", "-f", str(rq), "--store", store)
    assert result.exit_code == 2
    assert "give a query as an argument, with -f FILE or with --example NAME" in result.output


@pytest.fixture
def store_copy(built, copy_store) -> str:
    """A private copy of the built store, for commands that change it."""
    return str(copy_store(built[0]))


UPDATE = ('PREFIX ex: <urn:ex:>\n'
          'INSERT DATA { GRAPH <urn:ex:g> { ex:a ex:said "hello" } }')


def test_update_without_flag_is_refused(store_copy):
    before = run_cli("stats", "--store", store_copy, "--format", "json").stdout
    result = run_cli("query", UPDATE, "--store", store_copy)
    assert_clean_failure(result)
    assert result.stderr.strip() == "Error: this is a SPARQL UPDATE; add --update to change the store"
    assert run_cli("stats", "--store", store_copy, "--format", "json").stdout == before


def test_update_with_flag(store_copy):
    result = run_cli("query", UPDATE, "--update", "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert "update done" in result.stderr
    check = run_cli("query", "SELECT ?o WHERE { <urn:ex:a> <urn:ex:said> ?o }", "--format", "csv",
                    "--store", store_copy)
    assert check.stdout.splitlines() == ["o", "hello"]


def test_sparql_syntax_error_is_one_line(store):
    result = run_cli("query", "SELECT ?x WHERE { ?x ", "--store", store)
    assert_clean_failure(result)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("Error: SPARQL syntax error: error at 1:")


def test_query_on_missing_store(tmp_path):
    missing = tmp_path / "nowhere"
    result = run_cli("query", "ASK {}", "--store", str(missing))
    assert_clean_failure(result)
    assert f"Error: no store at {missing}; run `kg build DOCS --store {missing}` first" in result.stderr
    assert not missing.exists()


def test_store_from_environment(store):
    result = run_cli("query", "ASK { ?a a kg:Actor }", env={"KG_STORE": store})
    assert result.exit_code == 0 and result.stdout.strip() == "true"


# --------------------------------------------------------------------------- centrality, viz, export, stats, validate


def test_centrality_table(store):
    result = run_cli("centrality", "--store", store)
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split()
    assert header == ["label", "type", "country", "events", "pagerank", "degree", "betweenness"]


def test_centrality_csv(store):
    result = run_cli("centrality", "--store", store, "--format", "csv", "--metric", "degree")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "label", "type", "country", "aliases", "degree"]
    assert any(r["label"] == "Los Lobos" for r in rows)


def test_centrality_jsonl(store):
    result = run_cli("centrality", "--store", store, "--format", "jsonl", "--metric", "in_degree",
                     "--metric", "pagerank", "--top", "0")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) >= 2
    for row in rows:
        assert list(row) == ["id", "label", "type", "country", "aliases", "in_degree", "pagerank"]
        assert isinstance(row["aliases"], list)
    scores = [r["in_degree"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["label"] == "Los Lobos"  # attacked and sanctioned: the most in-degree


def test_centrality_top_and_filters(store):
    result = run_cli("centrality", "--store", store, "--format", "jsonl", "--top", "1")
    assert len(result.stdout.splitlines()) == 1
    result = run_cli("centrality", "--store", store, "--format", "jsonl", "--category", "SANCTION", "--top", "0")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2  # the sanctioning country and Los Lobos


def test_centrality_no_match(store):
    result = run_cli("centrality", "--store", store, "--since", "2030-01-01")
    assert result.exit_code == 0
    assert "no actors match" in result.stderr


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_date_is_a_usage_error(store, option):
    result = run_cli("centrality", "--store", store, option, "not-a-date")
    assert result.exit_code == 2
    assert "'not-a-date' is not a date (YYYY-MM-DD)" in result.output
    assert "Traceback" not in result.output


def test_bad_metric_is_a_usage_error(store):
    result = run_cli("centrality", "--store", store, "--metric", "fame")
    assert result.exit_code == 2


def test_viz(store, tmp_path):
    out = tmp_path / "page" / "graph.html"
    result = run_cli("viz", "--store", store, "-o", str(out), "--title", "Test <graph>", "--metric", "degree")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert "Test &lt;graph&gt;" in html and "Test <graph>" not in html


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "jsonld"])
def test_export_rdf(store, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run_cli("export", "--store", store, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    assert len(list(ox.parse(path=str(out)))) > 10


def test_export_to_stdout(store):
    result = run_cli("export", "--store", store, "--format", "nt")
    assert result.exit_code == 0
    assert len(list(ox.parse(result.stdout_bytes, ox.RdfFormat.N_TRIPLES))) > 10


def test_export_gexf(store, tmp_path):
    out = tmp_path / "actors.gexf"
    assert run_cli("export", "--store", store, "--format", "gexf", "-o", str(out)).exit_code == 0
    assert nx.read_gexf(str(out)).number_of_nodes() >= 2


def test_export_per_event_graph_and_its_misuse(store, tmp_path):
    pairs, events = tmp_path / "pairs.graphml", tmp_path / "events.graphml"
    assert run_cli("export", "--store", store, "--format", "graphml", "-o", str(pairs)).exit_code == 0
    assert run_cli("export", "--store", store, "--format", "graphml", "--per-event", "-o", str(events)).exit_code == 0
    P, E = nx.read_graphml(str(pairs)), nx.read_graphml(str(events))
    assert sum(int(w) for _, _, w in P.edges(data="weight")) == E.number_of_edges() >= P.number_of_edges()
    result = run_cli("export", "--store", store, "--format", "nq", "--per-event", "-o", str(tmp_path / "x.nq"))
    assert result.exit_code == 2 and "--per-event applies to --format graphml or gexf only" in result.output
    assert not (tmp_path / "x.nq").exists()


def test_stats(store):
    result = run_cli("stats", "--store", store)
    assert result.exit_code == 0
    numbers = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert numbers["documents"] == "1"
    assert numbers["first_date"] == "2026-03-04"
    assert int(numbers["quads"]) > 0
    data = json.loads(run_cli("stats", "--store", store, "--format", "json").stdout)
    assert data["documents"] == 1 and data["events"] >= 1 and data["actors"] >= 2


def test_validate_store(store):
    result = run_cli("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "conforms"


def test_validate_file(store, tmp_path):
    out = tmp_path / "graph.trig"
    run_cli("export", "--store", store, "--format", "trig", "-o", str(out))
    result = run_cli("validate", "--file", str(out))
    assert result.exit_code == 0 and result.stdout.strip() == "conforms"


def test_validate_reports_violations(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text('<urn:e> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                   '<https://w3id.org/kg-news/ns#Event> <urn:g> .\n', encoding="utf-8")
    result = run_cli("validate", "--file", str(bad))
    assert result.exit_code == 1
    assert "Conforms: False" in result.stdout
    assert "An event has exactly one kg:actor, or is a kg:AgentlessEvent with a kg:target." in result.stdout


# --------------------------------------------------------------------------- bad inputs


def test_build_missing_file(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run_cli("build", str(missing), "--store", str(tmp_path / "s"), "--no-html")
    assert_clean_failure(result)
    assert f"Error: no such file or directory: {missing}" in result.stderr
    assert not (tmp_path / "s").exists()  # nothing is created for a build that cannot start


def test_build_bad_date(tmp_path, corpus):
    result = run_cli("build", str(corpus), "--date", "yesterday", "--store", str(tmp_path / "s"), "--no-html")
    assert_clean_failure(result)
    assert "Error: invalid date 'yesterday': expected YYYY-MM-DD" in result.stderr


def test_build_warns_about_undated_documents_and_default_date_fixes_it(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday.\n", encoding="utf-8")
    (docs / "b.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("build", str(docs), "--store", str(tmp_path / "s"), "--no-html", "-q")
    assert result.exit_code == 0, result.output
    assert "warning: 1 of 2 documents have no date" in result.stderr and "--default-date" in result.stderr
    result = run_cli("build", str(docs), "--default-date", "2026-03-01", "--store", str(tmp_path / "s2"),
                     "--no-html", "-q")
    assert result.exit_code == 0 and "no date" not in result.stderr
    stats = json.loads(run_cli("stats", "--store", str(tmp_path / "s2"), "--format", "json").stdout)
    assert stats["undated_documents"] == 0 and stats["first_date"] == "2026-03-01"


def test_build_into_a_non_store_directory(tmp_path, corpus):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("build", str(corpus), "--store", str(tmp_path), "--no-html")
    assert_clean_failure(result)
    assert "is not a kg store" in result.stderr


def test_extract_jsonl(corpus):
    result = run_cli("extract", str(corpus / "navy-strikes.txt"), "-q")
    assert result.exit_code == 0, result.output
    triples = [json.loads(line) for line in result.stdout.splitlines()]
    assert triples and all(t["doc"] == "navy-strikes" for t in triples)
    assert {"subject", "action", "object", "date", "confidence"} <= set(triples[0])


def test_a_quiet_or_piped_command_shows_no_bar_and_imports_no_tqdm():
    import subprocess
    import sys

    code = ("import sys; from kg.cli.base import progress\n"
            "with progress(3, 'extract', True) as bar: bar.update(1)\n"
            "print('tqdm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]
