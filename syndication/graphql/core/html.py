"""Rich text leaves the API as plain HTML: Wagtail's internal links become real URLs."""

from wagtail.rich_text import expand_db_html


def body_html(stored: str) -> str:
    return expand_db_html(stored or "")
