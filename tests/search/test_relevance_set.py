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
    assert len(queries) >= bench.MIN_QUERIES
    assert {q.type for q in queries} == set(bench.QUERY_TYPES)


def test_validation_reports_an_item_missing_from_the_demo(tmp_path):
    bench = _bench()
    lines = bench.QUERIES_FILE.read_text(encoding="utf-8").splitlines()
    lines.append('{"query": "ukendt", "municipality": "", "relevant": ["guide:findes-ikke"], "type": "plain"}')
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")

    problems = bench.validate(queries_path=queries)

    expected = f"queries.jsonl:{len(lines)} 'ukendt': 'guide:findes-ikke' is not a live item of demo_content.jsonl"
    assert problems == [expected]


def test_synonym_groups_are_what_the_synonym_model_accepts():
    from search.models import Synonym

    groups = _bench().load_synonyms()
    assert 15 <= len(groups) <= 30
    for terms in groups:
        Synonym(terms=terms).clean()  # raises ValidationError for fewer than two terms
