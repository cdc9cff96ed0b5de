"""An editor's desk for the topology: a long-lived Django process that imports files on request.

Reads one JSON Lines path a line on stdin, runs ``import_content`` on it (the import path editors and the
national content pipeline use), and answers one JSON line on stdout: {"ok", "seconds", "error"}. One process for
the whole run, so each import costs what an import costs, not a Python start-up.
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


def main() -> None:
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        close_old_connections()  # a database restart leaves a dead persistent connection behind
        started, error = time.monotonic(), ""
        try:
            call_command("import_content", path, stdout=io.StringIO(), stderr=io.StringIO())
        except BaseException as exc:  # noqa: BLE001 - reported to the load generator, which counts it
            error = f"{type(exc).__name__}: {exc}"[:500]
        print(json.dumps({"ok": not error, "seconds": time.monotonic() - started, "error": error}), flush=True)


if __name__ == "__main__":
    main()
