"""Is the OpenSearch index the database's search projection? Prints JSON: counts, missing and ghost ids.

Run inside the topology's environment (``python bench/topology/index_check.py``): missing = in the projection
(what is live) but not in the index; ghost = in the index but no longer live; stale = in both, older version; admin_backlog = objects the admin search still has to index.
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from opensearchpy.helpers import scan  # noqa: E402

from search.engines.opensearch.client import alias_name, get_client  # noqa: E402
from search.models import AdminIndexBacklog, SearchDocument  # noqa: E402


def main() -> None:
    expected = {document.document_id: document.version for document in SearchDocument.objects.all()}
    client = get_client()
    client.indices.refresh(index=alias_name())
    found = {hit["_id"]: hit.get("_version") for hit in scan(client, index=alias_name(), version=True,
                                                                query={"query": {"match_all": {}}}, _source=False)}
    missing = sorted(set(expected) - set(found))
    ghosts = sorted(set(found) - set(expected))
    stale = sorted(i for i in set(expected) & set(found) if found[i] is not None and found[i] < expected[i])
    print(json.dumps({"projection": len(expected), "index": len(found), "missing": missing[:20],
                      "ghosts": ghosts[:20], "stale": stale[:20], "missing_count": len(missing),
                      "ghost_count": len(ghosts), "stale_count": len(stale),
                      "admin_backlog": AdminIndexBacklog.objects.count()}))


if __name__ == "__main__":
    main()
