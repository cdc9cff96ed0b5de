"""Demo images: simple illustrations drawn with Pillow from this code (no files downloaded, nothing to license).

Each illustration stands for a top-level topic; ``ensure_demo_images`` stores them as images with alt text and
gives every live page of the demo without an image the illustration of its topic, through the publishing service
(a new revision and a PUBLISHED event, as an editor's change would be). Idempotent.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image, ImageDraw

from .. import publishing
from ..kinds import registry
from ..models import PortalImage

WIDTH, HEIGHT = 1600, 900
INK = (31, 41, 55)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Illustration:
    key: str
    title: str
    alt_text: str
    topics: tuple[str, ...]  # top-level topic slugs it illustrates
    background: tuple[int, int, int]
    draw: Callable[[ImageDraw.ImageDraw], None]


def _house(d):
    d.rectangle((560, 420, 1040, 760), fill=(243, 244, 246), outline=INK, width=8)
    d.polygon([(500, 440), (800, 180), (1100, 440)], fill=(185, 28, 28), outline=INK)
    d.rectangle((740, 580, 860, 760), fill=(120, 53, 15), outline=INK, width=6)
    d.rectangle((610, 480, 700, 560), fill=(147, 197, 253), outline=INK, width=6)
    d.rectangle((900, 480, 990, 560), fill=(147, 197, 253), outline=INK, width=6)


def _family(d):
    for x, size, colour in ((560, 110, (59, 130, 246)), (800, 80, (234, 179, 8)), (1040, 110, (236, 72, 153))):
        d.ellipse((x - size / 2, 260, x + size / 2, 260 + size), fill=(253, 224, 200), outline=INK, width=6)
        d.rounded_rectangle((x - size * 0.8, 270 + size, x + size * 0.8, 270 + size * 3.4), 40, fill=colour, outline=INK,
                            width=6)


def _health(d):
    d.rounded_rectangle((600, 200, 1000, 700), 60, fill=WHITE, outline=INK, width=8)
    d.rectangle((740, 300, 860, 600), fill=(220, 38, 38))
    d.rectangle((650, 390, 950, 510), fill=(220, 38, 38))


def _tax(d):
    d.rectangle((560, 160, 960, 740), fill=WHITE, outline=INK, width=8)
    for y in range(240, 660, 70):
        d.line((620, y, 900, y), fill=(156, 163, 175), width=12)
    d.ellipse((880, 460, 1140, 720), fill=(250, 204, 21), outline=INK, width=8)
    d.text((985, 560), "kr", fill=INK, font_size=90)


def _education(d):
    d.polygon([(500, 380), (800, 240), (1100, 380), (800, 520)], fill=INK)
    d.rectangle((640, 440, 960, 600), fill=(55, 65, 81))
    d.line((1040, 410, 1040, 620), fill=(250, 204, 21), width=12)
    d.ellipse((1015, 610, 1065, 660), fill=(250, 204, 21))


def _digital(d):
    d.rounded_rectangle((640, 140, 960, 760), 50, fill=(17, 24, 39), outline=INK, width=8)
    d.rounded_rectangle((670, 200, 930, 680), 20, fill=(219, 234, 254))
    d.ellipse((730, 300, 870, 440), outline=(30, 64, 175), width=16)
    d.rectangle((780, 430, 820, 600), fill=(30, 64, 175))
    d.rectangle((820, 520, 860, 550), fill=(30, 64, 175))


def _transport(d):
    d.rounded_rectangle((420, 420, 1180, 640), 60, fill=(37, 99, 235), outline=INK, width=8)
    d.polygon([(560, 420), (660, 280), (940, 280), (1040, 420)], fill=(96, 165, 250), outline=INK)
    for x in (600, 1000):
        d.ellipse((x - 80, 560, x + 80, 720), fill=INK)
        d.ellipse((x - 35, 605, x + 35, 675), fill=(209, 213, 219))


def _work(d):
    d.rounded_rectangle((480, 320, 1120, 740), 40, fill=(146, 64, 14), outline=INK, width=8)
    d.rounded_rectangle((680, 220, 920, 330), 30, outline=INK, width=16)
    d.rectangle((480, 480, 1120, 520), fill=(120, 53, 15))
    d.rectangle((760, 460, 840, 540), fill=(250, 204, 21), outline=INK, width=6)


def _care(d):
    d.ellipse((620, 200, 780, 360), fill=(253, 224, 200), outline=INK, width=6)
    d.rounded_rectangle((580, 370, 820, 700), 50, fill=(34, 197, 94), outline=INK, width=6)
    d.line((880, 360, 880, 740), fill=INK, width=14)
    d.arc((840, 320, 960, 440), 180, 360, fill=INK, width=14)


def _business(d):
    for x, top in ((540, 360), (760, 220), (980, 420)):
        d.rectangle((x, top, x + 180, 760), fill=(203, 213, 225), outline=INK, width=8)
        for y in range(top + 40, 720, 90):
            d.rectangle((x + 40, y, x + 80, y + 45), fill=(147, 197, 253))
            d.rectangle((x + 100, y, x + 140, y + 45), fill=(147, 197, 253))


def _environment(d):
    d.rectangle((770, 480, 830, 760), fill=(120, 53, 15))
    d.ellipse((580, 180, 1020, 560), fill=(22, 163, 74), outline=INK, width=8)
    d.rounded_rectangle((1060, 520, 1220, 760), 20, fill=(34, 197, 94), outline=INK, width=6)
    d.rectangle((1040, 490, 1240, 530), fill=(21, 128, 61), outline=INK, width=6)


def _culture(d):
    d.polygon([(800, 300), (520, 240), (520, 700), (800, 760)], fill=WHITE, outline=INK)
    d.polygon([(800, 300), (1080, 240), (1080, 700), (800, 760)], fill=(243, 244, 246), outline=INK)
    for y in range(320, 660, 60):
        d.line((570, y, 760, y + 30), fill=(156, 163, 175), width=10)
        d.line((840, y + 30, 1030, y), fill=(156, 163, 175), width=10)


def _world(d):
    d.ellipse((560, 210, 1040, 690), fill=(59, 130, 246), outline=INK, width=8)
    d.polygon([(660, 330), (760, 290), (800, 400), (720, 480), (650, 420)], fill=(34, 197, 94))
    d.polygon([(860, 460), (960, 420), (980, 560), (900, 620)], fill=(34, 197, 94))
    d.arc((560, 210, 1040, 690), 0, 360, fill=INK, width=8)


ILLUSTRATIONS = (
    Illustration("demo-bolig", "Hus", "Tegning af et hus med rødt tag, en dør og to vinduer.",
                 ("bolig-og-flytning",), (254, 243, 199), _house),
    Illustration("demo-familie", "Familie", "Tegning af to voksne og et barn side om side.",
                 ("familie-og-boern",), (252, 231, 243), _family),
    Illustration("demo-sundhed", "Sundhed", "Tegning af et hvidt skilt med et rødt kors.",
                 ("sundhed-og-sygdom", "handicap"), (254, 226, 226), _health),
    Illustration("demo-skat", "Skat", "Tegning af en blanket med linjer og en guldmønt med teksten kr.",
                 ("skat", "pension-og-efterloen"), (254, 249, 195), _tax),
    Illustration("demo-uddannelse", "Uddannelse", "Tegning af en sort studenterhue med gul kvast.",
                 ("uddannelse-og-su",), (224, 231, 255), _education),
    Illustration("demo-digital", "Digital", "Tegning af en mobiltelefon med en nøgle på skærmen.",
                 ("digitalisering-og-it",), (219, 234, 254), _digital),
    Illustration("demo-transport", "Transport", "Tegning af en blå bil set fra siden.",
                 ("transport-og-trafik",), (224, 242, 254), _transport),
    Illustration("demo-arbejde", "Arbejde", "Tegning af en brun mappe med et gult spænde.",
                 ("arbejde-og-dagpenge",), (255, 237, 213), _work),
    Illustration("demo-aeldre", "Ældre", "Tegning af en person med stok i grøn trøje.",
                 ("aeldre",), (220, 252, 231), _care),
    Illustration("demo-erhverv", "Erhverv", "Tegning af tre kontorbygninger med blå vinduer.",
                 ("virksomhed-og-erhverv",), (241, 245, 249), _business),
    Illustration("demo-miljoe", "Miljø", "Tegning af et grønt træ og en grøn affaldsspand.",
                 ("affald-og-miljoe",), (236, 252, 203), _environment),
    Illustration("demo-kultur", "Kultur", "Tegning af en opslået bog.",
                 ("kultur-og-fritid",), (243, 232, 255), _culture),
    Illustration("demo-verden", "Verden", "Tegning af en jordklode med grønne lande og blåt hav.",
                 ("udlaendinge-og-indvandrere",), (207, 250, 254), _world),
)


def render(illustration: Illustration) -> bytes:
    """The illustration as PNG bytes (the same bytes every time)."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), illustration.background)
    illustration.draw(ImageDraw.Draw(canvas))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _stored(illustration: Illustration) -> PortalImage:
    image = PortalImage.objects.filter(key=illustration.key).first()
    if image is None:
        image = PortalImage(key=illustration.key, title=illustration.title, description=illustration.alt_text)
        image.file = ImageFile(io.BytesIO(render(illustration)), name=f"{illustration.key}.png")
        image.save()
    return image


def _root_topic(page) -> str | None:
    """The top-level topic of the page's first topic (by slug)."""
    for topic in sorted(page.topics.all(), key=lambda topic: topic.slug):
        while topic.parent_id:
            topic = topic.parent
        return topic.slug
    return None


@transaction.atomic
def ensure_demo_images() -> tuple[int, int]:
    """Store the illustrations and give live demo pages without an image their topic's; returns (images, pages)."""
    by_topic = {}
    for illustration in ILLUSTRATIONS:
        image = _stored(illustration)
        by_topic.update({slug: image for slug in illustration.topics})
    pictured = 0
    for kind in registry.where(has_image=True):
        # A page with a draft waiting keeps it: publishing this row would overwrite the draft.
        pages = kind.model.objects.live().filter(image__isnull=True, has_unpublished_changes=False)
        for page in pages.prefetch_related("topics"):
            image = by_topic.get(_root_topic(page))
            if image is None:
                continue
            page.image = image
            publishing.publish(page)
            pictured += 1
    return len(ILLUSTRATIONS), pictured
