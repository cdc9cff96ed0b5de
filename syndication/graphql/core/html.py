"""Rich text leaves the API as plain HTML: Wagtail's internal links become real URLs."""

from wagtail.rich_text import expand_db_html


def body_html(stored: str) -> str:
    stored = stored or ""
    if "<a" not in stored and "<embed" not in stored:
        return stored  # Wagtail's rewriters only touch <a ...> and <embed .../> tags: nothing to expand
    return expand_db_html(stored)
