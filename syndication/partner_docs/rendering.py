"""The partner guide as HTML: docs/*.md rendered with Python-Markdown, links between the files made site links."""

import re
from functools import lru_cache
from pathlib import Path

import markdown

from .examples import DOCS

PAGES = {"": "partners.md", "webhooks": "webhooks.md"}  # /graphql/docs/<page>/ -> file
LINKS = {
    "partners.md": "/graphql/docs/",
    "webhooks.md": "/graphql/docs/webhooks/",
    "../schema.graphql": "/graphql/schema.graphql",
    "examples/mirror_consumer.py": "/graphql/docs/examples/mirror_consumer.py",
}
_HREF = re.compile(r'href="([^"#]+)(#[^"]*)?"')
_EXAMPLE_INFO = re.compile(r"^(```\w+)[^`\n]*$", re.MULTILINE)


def _site_links(html: str) -> str:
    return _HREF.sub(lambda m: f'href="{LINKS.get(m.group(1), m.group(1))}{m.group(2) or ""}"', html)


@lru_cache(maxsize=8)
def _render(path: Path, stamp: float) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    # The example markers (`example=...` after the language) are for the test runner, not for readers.
    text = _EXAMPLE_INFO.sub(r"\1", text)
    converter = markdown.Markdown(extensions=["fenced_code", "tables", "toc"], output_format="html")
    html = _site_links(converter.convert(text))
    title = text.splitlines()[0].lstrip("# ").strip()
    return title, html


def render(page: str) -> tuple[str, str] | None:
    """(title, HTML body) of a page of the guide, or None for an unknown page."""
    name = PAGES.get(page)
    path = DOCS / name if name else None
    if path is None or not path.is_file():  # an installation without docs/ answers 404, not 500
        return None
    return _render(path, path.stat().st_mtime)
