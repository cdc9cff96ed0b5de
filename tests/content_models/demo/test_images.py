"""The demo's illustrations: drawn from code, stored with alt text, given to the demo's pages once."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from content_models.demo.images import ILLUSTRATIONS, ensure_demo_images, render
from content_models.models import GuidePage, PortalImage, PublishingEvent
from tests import factories

DEMO_FILE = Path(settings.BASE_DIR) / "content_models" / "demo" / "data" / "demo_content.jsonl"


def test_every_top_level_topic_of_the_demo_has_an_illustration():
    lines = [json.loads(line) for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()]
    top_level = {line["slug"] for line in lines if line["kind"] == "topic" and not line.get("parent")}
    illustrated = {slug for illustration in ILLUSTRATIONS for slug in illustration.topics}
    assert top_level == illustrated


@pytest.mark.parametrize("illustration", ILLUSTRATIONS, ids=lambda illustration: illustration.key)
def test_each_illustration_is_a_drawn_png_with_danish_alt_text(illustration):
    drawn = Image.open(io.BytesIO(render(illustration)))
    assert (drawn.format, drawn.size) == ("PNG", (1600, 900))
    assert len(drawn.convert("RGB").getcolors(maxcolors=1_000_000)) > 3  # a drawing, not a blank background
    assert illustration.alt_text.startswith("Tegning af ") and illustration.alt_text.endswith(".")


@pytest.mark.django_db
def test_live_pages_get_their_topics_illustration_once():
    parent = factories.TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning")
    child = factories.TopicFactory(slug="flytning", title="Flytning", parent=parent)
    factories.make_guide(topics=[child])
    factories.make_guide(slug="uden-emne", title="Uden emne")
    events = PublishingEvent.objects.count()

    assert ensure_demo_images() == (len(ILLUSTRATIONS), 1)
    guide = GuidePage.objects.get(slug="flytning")
    assert guide.image.key == "demo-bolig" and guide.image.description.startswith("Tegning af et hus")
    assert GuidePage.objects.get(slug="uden-emne").image is None
    assert PublishingEvent.objects.count() == events + 1  # published as an editor's change is

    assert ensure_demo_images() == (len(ILLUSTRATIONS), 0)
    assert PortalImage.objects.count() == len(ILLUSTRATIONS)
