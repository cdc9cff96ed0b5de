"""Reference geography from the migration, and images that always carry alt text."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from content_models.models import Municipality, Region, normalise_municipality_code

pytestmark = pytest.mark.django_db


def test_the_migration_loads_five_regions_and_98_municipalities():
    assert list(Region.objects.values_list("code", flat=True)) == ["1081", "1082", "1083", "1084", "1085"]
    assert Municipality.objects.count() == 98
    per_region = {r.code: r.municipalities.count() for r in Region.objects.all()}
    assert per_region == {"1081": 11, "1082": 19, "1083": 22, "1084": 29, "1085": 17}
    kbh = Municipality.objects.get(code="101")
    assert (kbh.name, kbh.region.name, kbh.code4) == ("København", "Region Hovedstaden", "0101")


@pytest.mark.parametrize("given, expected", [("101", "101"), ("0101", "101"), ("0751", "751"), (851, "851")])
def test_municipality_codes_accept_the_zero_padded_form(given, expected):
    assert normalise_municipality_code(given) == expected


def png_upload(name="flytning.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_an_image_without_alt_text_is_refused_by_the_admin_form():
    Form = get_image_form(get_image_model())
    form = Form(data={"title": "Flyttekasser", "description": ""}, files={"file": png_upload()})
    assert not form.is_valid()
    assert "description" in form.errors


def test_images_get_renditions_and_their_alt_text():
    image = get_image_model().objects.create(title="Flyttekasser", description="Flyttekasser i en stue", file=png_upload())
    rendition = image.get_rendition("fill-200x100")
    assert (rendition.width, rendition.height) == (200, 100)
    assert 'alt="Flyttekasser i en stue"' in rendition.img_tag()
