"""Images in GraphQL: alt text, renditions from the allow-list only, srcset, and URLs that caches may keep."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage

from content_models.kinds import registry
from content_models.models import PortalRendition
from syndication.images import renditions
from tests import factories

pytestmark = pytest.mark.django_db

IMAGE_FIELDS = "image { key altText width height rendition(width: 640) { url width height format mimeType } }"
PAGE_QUERIES = {
    "guide": ('guide(slug: "flytning")', lambda image: factories.make_guide(image=image)),
    "self_service_link": ('selfServiceLink(slug: "anmeld-flytning")',
                          lambda image: factories.make_self_service_link(image=image)),
    "step_by_step": ('stepByStepGuide(slug: "koeb-af-bolig")', lambda image: factories.make_step_by_step(image=image)),
    "teaching_module": ('teachingModule(slug: "kom-i-gang-med-mitid")',
                        lambda image: factories.make_teaching_module(image=image)),
}


def post(client, query, **headers):
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json",
                           HTTP_HOST="127.0.0.1", **headers)
    assert response.status_code < 500
    return response


def fetch(client, url):
    return client.get(url.removeprefix("http://127.0.0.1"), HTTP_HOST="127.0.0.1")


def decoded(response):
    return PILImage.open(io.BytesIO(b"".join(response.streaming_content)))


def test_every_page_kind_with_an_image_in_the_registry_is_asked_here():
    assert set(PAGE_QUERIES) == set(registry.codes(has_image=True))


@pytest.mark.parametrize("kind", sorted(PAGE_QUERIES))
def test_each_page_kind_carries_its_image_with_alt_text(client, kind):
    field, make = PAGE_QUERIES[kind]
    make(factories.make_image())
    body = post(client, f"{{ {field} {{ {IMAGE_FIELDS} }} }}").json()
    assert "errors" not in body, body
    [page] = body["data"].values()
    image = page["image"]
    assert (image["key"], image["altText"], image["width"], image["height"]) == (
        "flyttekasser", "Flyttekasser i en stue", 1600, 900
    )
    assert image["rendition"]["width"] == 640 and image["rendition"]["height"] == 360
    assert (image["rendition"]["format"], image["rendition"]["mimeType"]) == ("WEBP", "image/webp")


def test_a_page_without_an_image_has_null(client):
    factories.make_guide()
    assert post(client, '{ guide(slug: "flytning") { image { key } } }').json() == {"data": {"guide": {"image": None}}}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_the_rendition_url_serves_that_format_at_the_size_graphql_named(client, fmt):
    factories.make_guide(image=factories.make_image())
    body = post(client, f'{{ guide(slug: "flytning") {{ image {{ rendition(width: 960, format: {fmt}) '
                        "{ url width height mimeType } } } }").json()
    if fmt not in renditions.FORMATS:  # Pillow without AVIF or WebP on this machine
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "format"}
        return
    rendition = body["data"]["guide"]["image"]["rendition"]
    assert PortalRendition.objects.count() == 0  # GraphQL names URLs; it renders nothing
    response = fetch(client, rendition["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == rendition["mimeType"]
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    served = decoded(response)
    assert served.format == fmt and served.size == (rendition["width"], rendition["height"]) == (960, 540)
    fetch(client, rendition["url"])
    assert PortalRendition.objects.count() == 1  # rendered once, then read from storage


def test_srcset_lists_each_allowed_width_below_the_original_and_the_original_size(client):
    factories.make_guide(image=factories.make_image(size=(800, 600)))
    image = post(client, '{ guide(slug: "flytning") { image { srcSet(format: JPEG) '
                         "renditions(format: JPEG) { url width height } } } }").json()["data"]["guide"]["image"]
    sizes = [(item["width"], item["height"]) for item in image["renditions"]]
    assert sizes == [(320, 240), (640, 480), (800, 600)]  # never upscaled
    assert image["srcSet"] == ", ".join(f"{item['url']} {item['width']}w" for item in image["renditions"])
    for item in image["renditions"]:
        assert decoded(fetch(client, item["url"])).size == (item["width"], item["height"])


@pytest.mark.parametrize("width", [0, 1, 641, 4000, -320, 2**31 - 1])
def test_a_width_outside_the_allow_list_is_bad_user_input_and_renders_nothing(client, width):
    factories.make_guide(image=factories.make_image())
    for accept in ("application/json", "application/graphql-response+json"):
        response = post(client, f'{{ guide(slug: "flytning") {{ image {{ rendition(width: {width}) {{ url }} }} }} }}',
                        HTTP_ACCEPT=accept)
        assert response.status_code == 200
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "width"}
        assert "320, 640, 960, 1280, 1920" in error["message"]
    assert PortalRendition.objects.count() == 0


def test_the_image_url_refuses_sizes_and_formats_outside_the_allow_list(client):
    image = factories.make_image()
    version = renditions.version(image)
    for path in (f"/billeder/{image.key}/{version}/641.webp", f"/billeder/{image.key}/{version}/640.bmp",
                 f"/billeder/{image.key}/{version}/640.tiff", f"/billeder/findes-ikke/{version}/640.webp"):
        assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 404, path
    assert client.post(f"/billeder/{image.key}/{version}/640.webp", HTTP_HOST="127.0.0.1").status_code == 405
    assert PortalRendition.objects.count() == 0


def test_a_new_file_gets_a_new_url_and_the_old_one_redirects(client):
    image = factories.make_image()
    factories.make_guide(image=image)
    query = '{ guide(slug: "flytning") { image { rendition(width: 320) { url } } } }'
    old = post(client, query).json()["data"]["guide"]["image"]["rendition"]["url"]
    replacement = factories.make_image(key="erstatning", colour=(0, 90, 200))
    image.file, image.file_hash = replacement.file, ""
    image.save()
    new = post(client, query).json()["data"]["guide"]["image"]["rendition"]["url"]
    assert new != old
    redirect = fetch(client, old)
    assert redirect.status_code == 302 and redirect["Location"] == new.removeprefix("http://127.0.0.1")
    assert decoded(fetch(client, new)).getpixel((10, 10))[2] > 150  # the blue replacement


def test_images_on_a_page_of_guides_cost_no_query_per_guide(client):
    image = factories.make_image()
    for n in range(30):
        factories.make_guide(slug=f"vejledning-{n:02}", image=image, bulk=True)
    query = "query ($first: Int!) { guides(first: $first) { edges { node { slug image { altText srcSet } } } } }"

    def count(first):
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/graphql/", json.dumps({"query": query, "variables": {"first": first}}),
                                   content_type="application/json", HTTP_HOST="127.0.0.1")
        edges = response.json()["data"]["guides"]["edges"]
        assert len(edges) == first and all(edge["node"]["image"]["srcSet"] for edge in edges)
        return len(captured)

    count(1)  # warm per-process caches
    assert count(5) == count(30)
