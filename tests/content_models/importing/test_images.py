"""Images in the import format: image lines carry the file, page lines name an image by its key."""

import pytest

from content_models.importing import schema
from content_models.models import GuidePage, PortalImage, PortalRendition, StepByStepPage

from . import sample_lines as s

pytestmark = pytest.mark.django_db


def test_an_image_line_stores_the_image_and_a_page_names_it_by_key(apply_lines):
    apply_lines([s.image(), s.guide(image="flyttekasser"), s.step_by_step(image="flyttekasser")])
    image = PortalImage.objects.get(key="flyttekasser")
    assert (image.title, image.description, image.width, image.height) == (
        "Flyttekasser", "Flyttekasser i en stue", 800, 450)
    assert image.file_hash and GuidePage.objects.get(slug="flytning").image == image
    assert StepByStepPage.objects.get().image == image
    assert apply_lines([s.image(), s.guide(image="flyttekasser")]).changed == 0


def test_leaving_the_image_out_removes_it_from_the_page(apply_lines):
    apply_lines([s.image(), s.guide(image="flyttekasser")])
    apply_lines([s.guide()])
    assert GuidePage.objects.get().image is None
    assert PortalImage.objects.filter(key="flyttekasser").exists()  # the image itself stays


def test_a_new_file_replaces_the_old_one_and_its_renditions(apply_lines):
    apply_lines([s.image()])
    image = PortalImage.objects.get()
    old_hash = image.file_hash
    image.get_rendition("width-320")
    apply_lines([s.image(size=(1200, 400))])
    image.refresh_from_db()
    assert (image.width, image.height) == (1200, 400) and image.file_hash != old_hash
    assert not PortalRendition.objects.filter(image=image).exists()


@pytest.mark.parametrize("line, expected", [
    (s.guide(image="findes-ikke"),
     "line 1: image: unknown image 'findes-ikke' (define it on an earlier line or in the admin)"),
    (s.image(file="https://example.dk/billede.png"),
     'line 1: file: must be a data URI of the form "data:image/png;base64,<base64 of the file>"'),
    (s.image(file="data:image/png;base64,aGVq"),
     "line 1: file: is not a readable image; give a PNG, JPEG, GIF or WebP file"),
    (s.image(file="data:image/png;base64,###"),
     'line 1: file: must be a data URI of the form "data:image/png;base64,<base64 of the file>"'),
    (s.image(format="BMP"), "line 1: file: is a BMP image; give a PNG, JPEG, GIF or WebP file"),
    (s.image(alt_text=" "), "line 1: alt_text: must not be empty"),
    (s.image(key="Ikke en nøgle"), "line 1: key: must be a slug (letters, digits, hyphens and underscores only), "
                                   "got 'Ikke en nøgle'"),
], ids=["unknown-image", "url-not-data", "not-an-image", "bad-base64", "bmp", "no-alt-text", "bad-key"])
def test_bad_image_input_is_a_line_and_field_error(errors_for, line, expected):
    assert errors_for([line]) == [expected]


def test_too_many_pixels_is_refused_before_anything_is_stored(errors_for, monkeypatch):
    monkeypatch.setattr(schema, "IMAGE_MAX_PIXELS", 100_000)
    assert errors_for([s.image()]) == [
        "line 1: file: has 800x450 pixels; images may have at most 100000 pixels"
    ]


def test_an_image_in_use_cannot_be_deleted_until_no_page_uses_it(apply_lines, errors_for):
    apply_lines([s.image(), s.guide(image="flyttekasser")])
    delete = {"kind": "image", "key": "flyttekasser", "delete": True}
    assert errors_for([delete]) == [
        "line 1: key: image 'flyttekasser' is still used by guide 'flytning'; give them another image or none on "
        "earlier lines"
    ]
    apply_lines([s.guide(), delete])
    assert not PortalImage.objects.exists()
