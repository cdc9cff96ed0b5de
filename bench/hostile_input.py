"""Hostile and large input stay linear: each case is measured at size n and at 2n in the same run (the peer),
so a ratio near 2 is linear and near 4 quadratic.

- the sanitiser on hostile HTML (nesting is refused before parsing, at any size) and on ordinary rich text;
- import_content of one guide with n and 2n sections (Wagtail re-indexed the page per section: 1,000 sections
  took 45 s before issue 11).

    python bench/hostile_input.py [--sections 250] [--html-kb 100]

Runs on a throwaway SQLite database in a temp dir (migrate takes about half a minute); nothing else is touched.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def sanitiser_cases(kilobytes: int):
    from content_models.html_sanitiser import HtmlRefused, sanitise_html

    def attempt(html):
        try:
            sanitise_html(html, max_length=10**9)
        except HtmlRefused:
            pass

    unit = kilobytes * 1024
    cases = {
        "nested <b> (refused)": lambda n: "<b>" * (n // 3),
        "nested <ul><li> (refused)": lambda n: "<ul><li>" * (n // 8),
        "paragraphs of text": lambda n: "<p>Du skal anmelde din flytning senest 5 dage efter.</p>" * (n // 56),
        "links and lists": lambda n: '<ul><li><a href="https://www.borger.dk/x">borger.dk</a></li></ul>' * (n // 64),
        "entities": lambda n: "&amp;&nbsp;x" * (n // 12),
    }
    for name, make in cases.items():
        small, large = make(unit), make(2 * unit)
        yield name, timed(lambda: attempt(small)), timed(lambda: attempt(large))


def import_cases(sections: int):
    from content_models.importing.runner import run_import

    def guide(slug, count):
        body = [{"key": f"s{n}", "heading": f"Afsnit {n}", "body_html": f"<p>Tekst {n} om flytning.</p>"}
                for n in range(count)]
        line = {"kind": "guide", "slug": slug, "title": "Flytning", "summary": "Om flytning.", "sections": body}
        return (json.dumps(line) + "\n").encode()

    for count in (sections, 2 * sections):
        data = guide(f"stor-{count}", count)
        seconds = timed(lambda: run_import(data))
        yield count, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", type=int, default=250, help="sections of the smaller guide (default 250)")
    parser.add_argument("--html-kb", type=int, default=100, help="kB of the smaller HTML input (default 100)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"), "LOG_LEVEL": "WARNING",
        "IMPORT_MAX_SECTIONS": str(2 * args.sections), "IMPORT_MAX_LINE_BYTES": str(64 * 1024 * 1024),
    })
    for name in ("REDIS_URL", "OPENSEARCH_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    print(f"sanitiser, {args.html_kb} kB vs {2 * args.html_kb} kB of input:")
    print(f"  {'input':28} {'n':>9} {'2n':>9} {'ratio':>6}")
    for name, small, large in sanitiser_cases(args.html_kb):
        print(f"  {name:28} {small:8.3f}s {large:8.3f}s {large / max(small, 1e-6):6.1f}")
    print("preparing a database (migrate) ...", flush=True)
    call_command("migrate", verbosity=0)
    results = list(import_cases(args.sections))
    (small_n, small), (large_n, large) = results
    print(f"import of one guide: {small_n} sections {small:.2f}s, {large_n} sections {large:.2f}s, "
          f"ratio {large / small:.1f}")


if __name__ == "__main__":
    main()
