"""The writers of one embedded (SQLite) installation, each as its own process, as `make demo` runs them: an import,
the worker loop, an editor in the admin. Run by tests/security/test_concurrent_writers.py:

    python -m tests.security.concurrent_writers import FILE
    python -m tests.security.concurrent_writers worker STOP_FILE
    python -m tests.security.concurrent_writers admin PAGE_ID USERNAME ROUNDS
    python -m tests.security.concurrent_writers report PAGE_ID

Each prints one JSON line with what it did and every error it met, and exits 0 only without errors.
"""

import json
import os
import sys
import time
import traceback
from io import StringIO
from pathlib import Path


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()


def run_import(path: str) -> dict:
    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("import_content", path, stdout=out, stderr=err)
    return {"summary": out.getvalue().strip().splitlines()[-1]}


def run_worker(stop_file: str) -> dict:
    """Worker passes as run_worker makes them, back to back, until the stop file appears and all is drained."""
    from content_models.worker.drain import drain, lag
    from content_models.worker.registry import periodic_tasks
    from content_models.worker.scheduled_publishing import run_scheduled_publishing

    passes, failed, deadline = 0, [], time.monotonic() + 300
    while time.monotonic() < deadline:
        stopping = Path(stop_file).exists()
        run_scheduled_publishing()
        report = drain()
        failed += [f"{name}: {error}" for name, error in report.failed.items()]
        for task in periodic_tasks():
            task()
        passes += 1
        if stopping and not any(lag().values()):
            break
    if failed:
        raise RuntimeError("; ".join(failed[:5]))
    return {"passes": passes}


def run_admin(page_id: str, username: str, rounds: str) -> dict:
    """An approver opening a guide in the admin, publishing a new title, and leaving the page (editing session)."""
    import re

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    edit = reverse("wagtailadmin_pages:edit", args=[int(page_id)])
    statuses = []
    for n in range(int(rounds)):
        page = client.get(edit)
        statuses.append(page.status_code)
        html = page.content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for key in [key for key in data if "__prefix__" in key]:
            del data[key]
        for key in ("summary", "search_description"):
            data[key] = data[key].lstrip("\n")
        data["title"] = f"Flytning, version {n + 1}"
        data["action-publish"] = "action-publish"
        ping = re.search(r'data-w-swap-src-value="([^"]*editing-sessions/ping[^"]*)"', html)
        release = re.search(r'data-w-action-url-value="([^"]*editing-sessions/release[^"]*)"', html)
        if not (ping and release):
            raise RuntimeError("the edit page has no editing session to ping and release")
        statuses.append(client.post(ping.group(1).replace("&amp;", "&")).status_code)
        statuses.append(client.post(edit, data).status_code)
        statuses.append(client.post(release.group(1).replace("&amp;", "&")).status_code)
    bad = [status for status in statuses if status not in (200, 302)]
    if bad:
        raise RuntimeError(f"admin answered {bad}")
    return {"requests": len(statuses)}


def report(page_id: str) -> dict:
    """What the database holds afterwards (read by the test through the same settings as the writers)."""
    from content_models.models import GuidePage, LocalText
    from content_models.worker.drain import lag

    return {
        "live_guides": GuidePage.objects.live().count(),
        "live_local_texts": LocalText.objects.filter(live=True).count(),
        "lag": lag(),
        "title": GuidePage.objects.get(pk=int(page_id)).title,
    }


ROLES = {"import": run_import, "worker": run_worker, "admin": run_admin, "report": report}

if __name__ == "__main__":
    _setup()
    role, *arguments = sys.argv[1:]
    try:
        result = {"role": role, "ok": True, **ROLES[role](*arguments)}
    except BaseException as error:  # noqa: BLE001 - reported to the test, which shows it
        result = {"role": role, "ok": False, "error": f"{type(error).__name__}: {error}",
                  "traceback": traceback.format_exc()[-3000:]}
    print(json.dumps(result))
    sys.exit(0 if result["ok"] else 1)
