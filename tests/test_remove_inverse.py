"""kg remove is the inverse of kg build (issue 13): removing documents gives, quad for quad, the store a
clean build of the remaining documents gives — entity labels, aliases, titles and countries included."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import build, open_store
from kg.ingest.maintenance import remove_documents

DOCS = {
    "d1": "date 2026-02-01\nCape Verde's Interior Minister Marta Lobato accused the Corvina Cartel of bribing "
          "officials. Lobato said the cartel had threatened her.",
    "d2": "date 2026-02-02\nSenegal's Black Mangrove Militia (BMM) attacked a patrol boat. The BMM fled to Guinea-Bissau.",
    "d3": "date 2026-02-03\nCommodore Rui Sequeira met Marta Lobato in Praia. Sequeira praised the coast guard.",
    "d4": "date 2026-02-04\nGuinea-Bissau's Black Mangrove Militia denied the attack. Police arrested Joaquim Serpa.",
    "d5": "date 2026-02-05\nJoaquim Serpa, the alleged cartel leader, met the Black Mangrove Militia in Bissau.",
    "d6": "date 2026-02-06\nThe Corvina Cartel threatened Rui Sequeira. It later released two sailors.",
}


def _write(folder, ids):
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id in ids:
        (folder / f"{doc_id}.txt").write_text(DOCS[doc_id], encoding="utf-8")
    return folder


def _quads(path) -> set[str]:
    with open_store(path, read_only=True) as store:
        return {str(q) for q in store.iter_quads()}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(removed=st.sets(st.sampled_from(sorted(DOCS)), min_size=1, max_size=len(DOCS) - 1))
def test_remove_gives_the_store_a_clean_build_of_the_rest_gives(tmp_path_factory, removed):
    root = tmp_path_factory.mktemp("inverse")
    full = root / "full"
    build([str(_write(root / "all", DOCS))], store=str(full))
    with open_store(full) as store:
        assert remove_documents(store, sorted(removed)) == len(removed)
    rest = [d for d in DOCS if d not in removed]
    clean = root / "clean"
    build([str(_write(root / "rest", rest))], store=str(clean))
    assert _quads(full) == _quads(clean)


def test_rebuilding_in_another_order_gives_the_same_store(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for doc_id in sorted(DOCS):
        build([str(_write(tmp_path / f"a-{doc_id}", [doc_id]))], store=str(one))
    for doc_id in sorted(DOCS, reverse=True):
        build([str(_write(tmp_path / f"b-{doc_id}", [doc_id]))], store=str(two))
    assert _quads(one) == _quads(two)


def test_a_build_after_an_interrupted_one_rebuilds_every_actor(tmp_path):
    """A build that died before its refresh left descriptions unrebuilt: the next build (with other
    documents) rebuilds all of them, not only its own actors'."""
    from kg import vocab as V
    from kg.ingest.maintenance import mark_links_stale
    from kg.store.base import insert_data

    import pyoxigraph as ox

    build([str(_write(tmp_path / "a", ["d3"]))], store=str(tmp_path / "s"))
    sequeira = ox.NamedNode(V.entity_iri("Person/rui-sequeira"))
    stale = ox.Quad(sequeira, ox.NamedNode(V.SKOS + "altLabel"), ox.Literal("left over"), ox.NamedNode(V.ENTITY_GRAPH))
    with open_store(tmp_path / "s") as store:
        store.update(insert_data([stale]))
        mark_links_stale(store)
    build([str(_write(tmp_path / "b", ["d2"]))], store=str(tmp_path / "s"))  # d2 does not mention Sequeira
    assert str(stale) not in _quads(tmp_path / "s")
