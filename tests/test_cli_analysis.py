"""CLI of the analysis commands: `kg communities`, `kg ego`, `kg centrality --by` (hand-made store on disk)."""
from __future__ import annotations

import json

import pytest
from conftest import assert_clean_failure, run_cli

ALICE, NAVY, LOBOS, USA = ("Person/alice-ayala", "Organization/ecuadorian-navy", "Organization/los-lobos",
                           "Country/united-states")


# --------------------------------------------------------------------------- kg centrality --by


def test_centrality_by_month_table(hand_store_path):
    result = run_cli("centrality", "--by", "month", "--metric", "degree", store=hand_store_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "period   rank  label            type          degree  rank_change",
        "-------  ----  ---------------  ------------  ------  -----------",
        "2026-01  1     Ecuadorian Navy  Organization  3.0000",
        "2026-01  2     Los Lobos        Organization  3.0000",
        "2026-01  3     Alice Ayala      Person        1.0000",
        "2026-01  4     United States    Country       1.0000",
        "2026-03  1     Los Lobos        Organization  2.0000  1",
        "2026-03  2     Ecuadorian Navy  Organization  1.0000  -1",
        "2026-03  3     United States    Country       1.0000  1",
    ]
    assert result.stderr == "note: 1 undated event(s) left out\n"


def test_centrality_by_month_top_is_per_period_json(hand_store_path):
    result = run_cli("centrality", "--by", "month", "--top", "1", "--format", "json",
                     "--metric", "pagerank", "--metric", "degree", store=hand_store_path)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # January: Los Lobos is the sink of most events; March: the Navy is threatened by Los Lobos
    assert [(r["period"], r["rank"], r["id"]) for r in rows] == [("2026-01", 1, LOBOS), ("2026-03", 1, NAVY)]
    assert list(rows[0]) == ["period", "rank", "id", "label", "type", "country", "pagerank", "degree",
                             "previous_rank", "rank_change"]
    assert rows[1]["previous_rank"] == 2 and rows[1]["rank_change"] == 1  # measured before the --top cut


def test_centrality_by_week_with_filters(hand_store_path):
    result = run_cli("centrality", "--by", "week", "--format", "csv", "--metric", "degree",
                     "--top", "0", store=hand_store_path)
    assert result.exit_code == 0, result.output
    periods = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert sorted(set(periods)) == ["2026-W02", "2026-W03", "2026-W09", "2026-W10"]
    result = run_cli("centrality", "--by", "week", "--category", "ASSAULT", "--format", "jsonl", store=hand_store_path)
    assert [json.loads(line)["period"] for line in result.stdout.splitlines()] == ["2026-W02", "2026-W02"]
    assert result.stderr == ""


def test_centrality_by_period_no_match(hand_store_path):
    result = run_cli("centrality", "--by", "month", "--since", "2030-01-01", store=hand_store_path)
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == "no dated events match\n"


def test_centrality_by_bad_period(hand_store_path):
    result = run_cli("centrality", "--by", "year", store=hand_store_path)
    assert_clean_failure(result, 2)
    assert "'year' is not one of 'month', 'week'" in result.output


# --------------------------------------------------------------------------- kg communities


def test_communities_table(hand_store_path):
    result = run_cli("communities", store=hand_store_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["community", "size", "events", "members"]
    assert lines[2].split()[0] == "1"
    listed = " ".join(lines[2:])
    for label in ("Alice Ayala", "Ecuadorian Navy", "Los Lobos", "United States"):
        assert label in listed


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_communities_formats(hand_store_path, fmt):
    result = run_cli("communities", "--format", fmt, "--members", "0", "--seed", "7", store=hand_store_path)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.stdout)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        header = result.stdout.splitlines()[0].split("," if fmt == "csv" else "\t")
        assert header == ["community", "size", "events", "members", "ids", "pagerank"]
        return
    assert [r["community"] for r in rows] == list(range(1, len(rows) + 1))
    assert sorted(i for r in rows for i in r["ids"]) == sorted([ALICE, NAVY, LOBOS, USA])
    assert sum(r["size"] for r in rows) == 4
    assert all(len(r["members"]) == len(r["ids"]) == len(r["pagerank"]) == r["size"] for r in rows)


def test_communities_options(hand_store_path):
    result = run_cli("communities", "--resolution", "0", "--format", "json", store=hand_store_path)
    assert_clean_failure(result, 2)
    result = run_cli("communities", "--type", "Person", "--format", "json", "--min-size", "1", store=hand_store_path)
    assert [(r["size"], r["ids"]) for r in json.loads(result.stdout)] == [(1, [ALICE])]
    result = run_cli("communities", "--type", "Person", "--format", "json", store=hand_store_path)  # singletons hidden
    assert json.loads(result.stdout) == [] and "1 community of fewer than 2 actors not shown" in result.stderr
    result = run_cli("communities", "--since", "2031-01-01", store=hand_store_path)
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == "no actors match\n"


# --------------------------------------------------------------------------- kg ego


def test_ego_table(hand_store_path):
    result = run_cli("ego", "ayala", "--radius", "1", store=hand_store_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ego network of Alice Ayala (radius 1): 2 actors, 1 events",
        "",
        "label        type          country  distance  events",
        "-----------  ------------  -------  --------  ------",
        "Alice Ayala  Person        ECU      0         1",
        "Los Lobos    Organization  ECU      1         1",
        "",
        "date        actor        action   category  target     doc",
        "----------  -----------  -------  --------  ---------  -------",
        "2026-01-10  Alice Ayala  accused  ACCUSE    Los Lobos  doc-one",
    ]


def test_ego_json_and_html(hand_store_path, tmp_path):
    out = tmp_path / "ego" / "alice.html"
    result = run_cli("ego", "Alice Ayala", "--format", "json", "-o", str(out), store=hand_store_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["centre"] == [ALICE] and data["radius"] == 2
    assert {a["id"]: a["distance"] for a in data["actors"]} == {ALICE: 0, LOBOS: 1, NAVY: 2, USA: 2}
    assert len(data["events"]) == 7
    assert data["events"][-1]["date"] is None  # undated last
    assert result.stderr == f"graph page: {out}\n"
    page = out.read_text(encoding="utf-8")
    assert "<title>ego network of Alice Ayala (radius 2)</title>" in page
    assert '<meta name="kg-node-count" content="4">' in page


def test_ego_with_filters(hand_store_path):
    result = run_cli("ego", "Los Lobos", "--radius", "1", "--category", "ASSAULT",
                     "--format", "json", store=hand_store_path)
    data = json.loads(result.stdout)
    assert {a["id"] for a in data["actors"]} == {LOBOS, NAVY}
    assert [e["action"] for e in data["events"]] == ["attacked", "raided"]


def test_ego_unknown_actor(hand_store_path):
    result = run_cli("ego", "Alice Ayla", store=hand_store_path)
    assert_clean_failure(result)
    assert result.stderr == "Error: no actor 'Alice Ayla' in the graph; did you mean: Alice Ayala?\n"
    result = run_cli("ego", "Navy", "--radius", "-1", store=hand_store_path)
    assert_clean_failure(result, 2)


def test_new_commands_have_help_with_an_example():
    for command in ("communities", "ego", "report"):
        result = run_cli(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output and f"kg {command}" in result.output
        for option in ("--since", "--until", "--category", "--type", "--min-weight", "--actor", "--store"):
            assert option in result.output
    assert "--by [month|week]" in run_cli("centrality", "--help").output
