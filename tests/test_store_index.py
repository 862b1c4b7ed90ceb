"""The name index on disk (SQLite), and the rules engine's semi-naive passes."""
from __future__ import annotations


import pyoxigraph as ox

from conftest import ROOT
from governance import vocab
from governance.build import build_store, open_store
from governance.query.resolve import LabelIndex, label_index
from governance.rules import engine
from governance.rules.shacl import query_reads
from governance.store import labels
from governance.store.project import Project


def test_the_build_writes_the_name_index_as_sqlite_and_it_answers_as_the_data_do(mini_copy, tmp_path):
    project = Project(root=ROOT, graph_dir=mini_copy)
    built = build_store(project, tmp_path / "store")
    assert sorted(p.name for p in built.path.glob("names-*.sqlite")) == ["names-all.sqlite", "names-public.sqlite"]
    assert not list(built.path.glob("labels-*.json"))
    gs = open_store(project, tmp_path / "store", rebuild=False)
    for restricted in (False, True):
        on_disk = label_index(gs, project, restricted)
        graphs = [g.value for g in gs.graphs()][:1] + ([vocab.RESTRICTED_GRAPH] if restricted else [])
        data = labels.label_data(gs.store_for(restricted), project, graphs[:1])["all" if restricted else "public"]
        in_memory = LabelIndex(data)
        assert dict(on_disk.labels.items()) == in_memory.labels
        assert dict(on_disk.by_name.items()) == in_memory.by_name
        assert {k: set(v) for k, v in on_disk.owners.items()} == {k: set(v) for k, v in in_memory.owners.items()}
        assert on_disk.acts == in_memory.acts and on_disk.duty_laws == in_memory.duty_laws
        some = next(iter(in_memory.labels))
        assert on_disk.labels[some] == in_memory.labels[some] and some in on_disk.labels
        assert on_disk.types.get("urn:x-nothing", set()) == set() and "urn:x-nothing" not in on_disk.labels
        for name in ("SPB", "strategic partnership board", "no such body at all"):
            def outcome(index):
                try:
                    return index.resolve(name).id
                except Exception as exc:  # noqa: BLE001 - the same error either way
                    return type(exc).__name__, str(exc)
            assert outcome(on_disk) == outcome(in_memory)


def test_query_reads_names_what_a_pattern_can_match():
    preds, types = query_reads("PREFIX x: <http://x/> SELECT * { ?a x:p ?b . FILTER NOT EXISTS { ?b x:q ?c } }", {})
    assert {"http://x/p", "http://x/q"} <= preds and types is not None
    assert query_reads("SELECT * { ?a <http://x/p> ?b . ?b ?any ?c }", {}) == (None, None)
    assert query_reads("SELECT * { ?a <http://x/p> [ ?any ?c ] }", {}) == (None, None)
    assert query_reads("SELECT * { ?a rdf:type/rdfs:subClassOf* ?class }",
                       {"rdf": vocab.RDF, "rdfs": vocab.RDFS})[1] is None


def test_a_rule_runs_again_only_when_what_it_reads_changed(monkeypatch):
    project = Project(root=ROOT, graph_dir=ROOT / "tests" / "fixtures" / "rules")
    rules = engine.load_rules(project)
    store = ox.Store()
    graph = ox.NamedNode(vocab.GRAPH + "g")
    store.extend(ox.Quad(q.subject, q.predicate, q.object, graph)
                 for q in ox.parse(path=str(ROOT / "ontology" / "govgraph.ttl"), format=ox.RdfFormat.TURTLE))
    ran = []
    real = engine._run

    def spy(st, rule, text, graphs):
        if text == rule.select:
            ran.append(rule.id)
        return real(st, rule, text, graphs)

    monkeypatch.setattr(engine, "_run", spy)
    inference = engine.run_rules(store, rules, [graph], ox.NamedNode(vocab.INFERRED_GRAPH))
    # little to derive from the vocabulary alone: no rule runs twice without new input
    assert len(ran) <= len(rules) + sum(1 for r in rules if r.id in ran and r.reads_any(
        {t.predicate.value for t in inference.reasons}))
    ran.clear()
    again = engine.run_rules(store, rules, [graph], ox.NamedNode(vocab.GRAPH + "again"), changed_graphs=[])
    assert ran == [] and not again.reasons
