"""Rich text leaves the API as plain HTML: Wagtail's internal links become real URLs (content_models.rich_text,
the citizen site's renderer too: a broken reference renders as text, so ``bodyHtml`` never fails)."""

from content_models.rich_text import render_rich_text


def body_html(stored: str) -> str:
    stored = stored or ""
    if "<a" not in stored and "<embed" not in stored:
        return stored  # the renderer only rewrites <a ...> and <embed .../> tags: nothing to do (most sections)
    return render_rich_text(stored)
