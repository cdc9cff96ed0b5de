"""An editor's desk for the topology: a long-lived Django process that imports files on request.

Reads one command a line on stdin and answers one JSON line on stdout: {"ok", "seconds", "error"}. A JSON Lines
path runs ``import_content`` on it (the import path editors and the national content pipeline use); ``major
SLUG`` publishes that guide again as an editor's major update, as the admin does when the editor ticks "major
update" (imports never notify Digital Post subscribers; a major update does). One process for the whole run, so
each command costs what it costs, not a Python start-up.
"""

import io
import json
import os
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402


def publish_major(slug: str) -> None:
    from content_models import publishing
    from content_models.models import GuidePage

    page = GuidePage.objects.get(slug=slug).get_latest_revision_as_object()
    page.major_update = True
    publishing.publish(page)


def main() -> None:
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        close_old_connections()  # a database restart leaves a dead persistent connection behind
        started, error = time.monotonic(), ""
        try:
            if path.startswith("major "):
                publish_major(path.split(" ", 1)[1])
            else:
                call_command("import_content", path, stdout=io.StringIO(), stderr=io.StringIO())
        except BaseException as exc:  # noqa: BLE001 - reported to the load generator, which counts it
            error = f"{type(exc).__name__}: {exc}"[:500]
        print(json.dumps({"ok": not error, "seconds": time.monotonic() - started, "error": error}), flush=True)


if __name__ == "__main__":
    main()
