"""Page links for DKFDS pagination: first, last and the current page's neighbours, with gaps between."""

from dataclasses import dataclass
from urllib.parse import urlencode

PAGE_PARAM = "side"
MAX_PAGE = 100  # deeper pages are never useful and cost the engines the most


@dataclass
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str = ""
    current: bool = False


@dataclass
class Pagination:
    current: int
    total_pages: int
    links: list[PageLink]
    previous_url: str = ""
    next_url: str = ""
    first_url: str = ""
    last_url: str = ""

    @property
    def needed(self) -> bool:
        return self.total_pages > 1


def page_number(request) -> int:
    try:
        number = int(request.GET.get(PAGE_PARAM, "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def _window(current: int, total: int) -> list[int | None]:
    if total <= 7:
        return list(range(1, total + 1))
    if current < 5:
        return [1, 2, 3, 4, 5, None, total]
    if current + 4 > total:
        return [1, None, *range(total - 4, total + 1)]
    return [1, None, current - 1, current, current + 1, None, total]


def paginate(current: int, total_items: int, per_page: int, params: list[tuple[str, str]]) -> Pagination:
    """Links that keep every other query parameter (``params``) and set the page number."""
    total_pages = min(max(1, -(-total_items // per_page)), MAX_PAGE)
    current = min(current, total_pages)
    kept = [(k, v) for k, v in params if k != PAGE_PARAM]

    def url(number: int) -> str:
        query = kept + ([(PAGE_PARAM, str(number))] if number > 1 else [])
        return "?" + urlencode(query) if query else "?"

    links = [PageLink(n, url(n), n == current) if n else PageLink(None) for n in _window(current, total_pages)]
    return Pagination(
        current=current,
        total_pages=total_pages,
        links=links,
        previous_url=url(current - 1) if current > 1 else "",
        next_url=url(current + 1) if current < total_pages else "",
        first_url=url(1) if current > 1 else "",
        last_url=url(total_pages) if current < total_pages else "",
    )
