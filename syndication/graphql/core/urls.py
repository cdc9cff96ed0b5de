"""Public URLs of pages, with the site-root lookup cached for the whole request."""


def page_url(page, request) -> str | None:
    return page.get_full_url(request=request)
