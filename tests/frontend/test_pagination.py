"""Page links for DKFDS pagination."""

from frontend.pagination import MAX_PAGE, paginate


def numbers(pagination):
    return [link.number for link in pagination.links]


def test_short_lists_show_every_page():
    pagination = paginate(2, 35, 10, [("q", "bolig")])
    assert numbers(pagination) == [1, 2, 3, 4]
    assert pagination.previous_url == "?q=bolig" and pagination.next_url == "?q=bolig&side=3"
    assert [link.current for link in pagination.links] == [False, True, False, False]


def test_long_lists_show_gaps_around_the_current_page():
    assert numbers(paginate(1, 200, 10, [])) == [1, 2, 3, 4, 5, None, 20]
    assert numbers(paginate(10, 200, 10, [])) == [1, None, 9, 10, 11, None, 20]
    assert numbers(paginate(19, 200, 10, [])) == [1, None, 16, 17, 18, 19, 20]


def test_bounds():
    single = paginate(5, 3, 10, [])
    assert not single.needed and single.current == 1 and not single.next_url
    assert paginate(1, 10**9, 10, []).total_pages == MAX_PAGE
    assert paginate(3, 0, 10, []).total_pages == 1
