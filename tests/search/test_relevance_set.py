"""The judged relevance set (bench/relevance/) stays answerable from the demo content.

No engine and no database: it checks the files against content_models/demo/data/demo_content.jsonl, so an
edit of the demo content that removes or unpublishes a judged item fails here, not silently in the benchmark.
"""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "search_relevance.py"


def _bench():
    """bench/ is a folder of scripts, not a package: load the script as a module."""
    if "search_relevance" not in sys.modules:
        spec = importlib.util.spec_from_file_location("search_relevance", BENCH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["search_relevance"]


def test_judged_set_references_only_live_demo_items_and_covers_every_query_type():
    bench = _bench()
    assert bench.validate() == []
    queries = bench.load_queries()
    assert sum(q.language == "da" for q in queries) >= 250 and sum(q.language == "en" for q in queries) >= 50
    assert {q.type for q in queries} == set(bench.QUERY_TYPES)
    assert all(0 <= grade <= 3 for q in queries for _, grade in q.grades)


def _with_one_more_line(bench, tmp_path, line: str):
    """The committed judged set plus ``line``, as a file of its own; and that line's number."""
    lines = bench.QUERIES_FILE.read_text(encoding="utf-8").splitlines() + [line]
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return queries, len(lines)


def test_validation_reports_an_item_missing_from_the_demo(tmp_path):
    bench = _bench()
    queries, number = _with_one_more_line(
        bench, tmp_path, '{"query": "ukendt", "municipality": "", "relevant": ["guide:findes-ikke"], "type": "plain"}'
    )

    problems = bench.validate(queries_path=queries)

    expected = f"queries.jsonl:{number} 'ukendt': 'guide:findes-ikke' is not a live item of demo_content.jsonl"
    assert problems == [expected]


def test_synonym_groups_are_what_the_synonym_model_accepts():
    from search.models import Synonym

    groups = _bench().load_synonyms()
    assert 15 <= len(groups) <= 40
    for terms in groups:
        Synonym(terms=terms).clean()  # raises ValidationError for fewer than two terms


def test_validation_reports_a_grade_outside_0_to_3(tmp_path):
    bench = _bench()
    queries, _ = _with_one_more_line(
        bench, tmp_path, '{"query": "flytning nu", "municipality": "", "grades": {"guide:flytning": 5}, "type": "plain"}'
    )
    assert any("grade of 'guide:flytning' must be 0, 1, 2 or 3" in p for p in bench.validate(queries_path=queries))


def test_ndcg_rewards_the_best_item_first():
    bench = _bench()
    assert bench.ndcg([3, 2, 0], [3, 2]) == 1.0
    assert 0 < bench.ndcg([2, 3, 0], [3, 2]) < 1.0
    assert bench.ndcg([0, 0, 3], [3]) == 0.5  # log2(4) = 2
    assert bench.ndcg([], [3]) == 0.0


def test_the_gate_fails_on_a_drop_of_more_than_the_tolerance_on_either_engine():
    bench = _bench()
    baseline = {"ndcg_at_10": {"database": 0.80, "opensearch": 0.90, "wagtail": 0.5}}

    def run(database, opensearch):
        return {"database": {"overall": {"ndcg_at_10": database}}, "opensearch": {"overall": {"ndcg_at_10": opensearch}}}

    assert bench.gate(run(0.79, 0.885), baseline) == []
    assert bench.gate(run(0.77, 0.90), baseline) == [
        "database: nDCG@10 0.770 is more than 0.02 below the baseline 0.800"]
    assert len(bench.gate(run(0.80, 0.85), baseline)) == 1
    assert bench.gate({"database": {"overall": {"ndcg_at_10": 0.8}}}, baseline) == [
        "opensearch: not run (the baseline has 0.900)"]


def test_the_committed_baseline_covers_both_engines_and_the_peer():
    import json

    recorded = json.loads(_bench().BASELINE_FILE.read_text(encoding="utf-8"))["ndcg_at_10"]
    assert {"database", "opensearch", "wagtail"} <= set(recorded)
