"""Replaying the change feed from the start yields exactly the live content, whatever happened."""

import random

import pytest

from content_models import publishing
from content_models.events.kinds import logged_models, subject_of
from content_models.models import Municipality, Region
from tests import factories

pytestmark = pytest.mark.django_db

FEED = """query ($after: String) { changes(first: 7, after: $after) {
  edges { cursor node { sequence kind slug locale action at } } pageInfo { hasNextPage endCursor } } }"""


def replay(gql):
    """What a partner mirroring the feed ends up with, and the sequences it saw."""
    mirror, sequences, after = set(), [], None
    while True:
        page = gql(FEED, {"after": after})["data"]["changes"]
        for edge in page["edges"]:
            change = edge["node"]
            sequences.append(change["sequence"])
            item = (change["kind"], change["slug"], change["locale"])
            if change["action"] == "PUBLISHED":
                mirror.add(item)
            else:
                mirror.discard(item)
        if not page["pageInfo"]["hasNextPage"]:
            return mirror, sequences
        after = page["pageInfo"]["endCursor"]


def live_set():
    items = set()
    for model in logged_models():
        for obj in model.objects.filter(live=True):
            subject = subject_of(obj)
            items.add((subject.kind.upper(), subject.identifier, subject.locale or None))
    return items


class Scenario:
    """Random editorial actions over every content kind."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.counter = 0
        self.places = list(Municipality.objects.filter(code__in=["101", "147", "751", "851", "370"]))
        self.regions = list(Region.objects.all())

    def _slug(self, prefix):
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def pages(self):
        return [
            obj for model in logged_models() for obj in model.objects.all()
            if hasattr(obj, "live")
        ]

    def step(self):
        actions = [self.create, self.create, self.edit, self.unpublish, self.republish, self.delete, self.rename,
                   self.local_variant]
        self.rng.choice(actions)()

    def create(self):
        maker = self.rng.choice([
            lambda s, live: factories.make_guide(slug=s, title=s, live=live,
                                                 sections=[("a", "A", "<p>a</p>"), ("b", "B", "<p>b</p>")]),
            lambda s, live: factories.make_guide(slug=s, title=s, live=live, locale="en"),
            lambda s, live: factories.make_self_service_link(slug=s, title=s, live=live),
            lambda s, live: factories.make_step_by_step(slug=s, title=s, live=live),
            lambda s, live: factories.make_teaching_module(slug=s, title=s, live=live),
            lambda s, live: factories.make_standard(identifier=s, title=s, live=live),
        ])
        maker(self._slug("item"), self.rng.random() < 0.8)

    def _pick(self, live=None):
        candidates = [o for o in self.pages() if live is None or o.live == live]
        return self.rng.choice(candidates) if candidates else None

    def edit(self):
        obj = self._pick()
        if obj is not None:
            obj.title = obj.title + " (rettet)"
            if self.rng.random() < 0.5:
                publishing.publish(obj)
            else:
                publishing.save_draft(obj)

    def unpublish(self):
        obj = self._pick(live=True)
        if obj is not None:
            publishing.unpublish(obj)

    def republish(self):
        obj = self._pick(live=False)
        if obj is not None:
            publishing.publish(obj)

    def delete(self):
        obj = self._pick()
        if obj is not None:
            publishing.delete(obj)

    def rename(self):
        pages = [o for o in self.pages() if hasattr(o, "slug") and o.live]
        if pages:
            page = self.rng.choice(pages)
            page.slug = self._slug("omdoebt")
            publishing.publish(page)

    def local_variant(self):
        from content_models.models import GuidePage, SelfServiceLinkPage

        guides = list(GuidePage.objects.filter(locale__language_code="da"))
        links = list(SelfServiceLinkPage.objects.all())
        place = {"municipality": self.rng.choice(self.places)} if self.rng.random() < 0.7 else {
            "region": self.rng.choice(self.regions)
        }
        if guides and self.rng.random() < 0.6:
            guide = self.rng.choice(guides)
            key = guide.sections.first().key
            existing = guide.local_texts.filter(section_key=key, **place).first()
            if existing:
                self.rng.choice([publishing.unpublish, publishing.delete, publishing.publish])(existing)
            else:
                factories.make_local_text(guide, key, live=self.rng.random() < 0.8, **place)
        elif links:
            link = self.rng.choice(links)
            existing = link.url_overrides.filter(**place).first()
            if existing:
                self.rng.choice([publishing.unpublish, publishing.delete, publishing.publish])(existing)
            else:
                factories.make_url_override(link, url="https://kommune.example.dk/x", **place)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replaying_the_feed_gives_the_live_set(gql, seed):
    scenario = Scenario(seed)
    for _ in range(45):
        scenario.step()
    mirror, sequences = replay(gql)
    assert sequences == sorted(sequences) and len(sequences) == len(set(sequences))
    assert mirror == live_set()


def test_resuming_from_a_cursor_sees_only_newer_changes(gql):
    factories.make_guide(slug="foerste", title="Første")
    first_page = gql(FEED, {"after": None})["data"]["changes"]
    cursor = first_page["pageInfo"]["endCursor"]
    factories.make_guide(slug="anden", title="Anden")
    next_page = gql(FEED, {"after": cursor})["data"]["changes"]
    assert [e["node"]["slug"] for e in next_page["edges"]] == ["anden"]


def test_drafts_never_appear_in_the_feed(gql):
    draft = factories.make_guide(slug="hemmelig", title="Hemmelig", live=False)
    publishing.delete(draft)
    mirror, sequences = replay(gql)
    assert sequences == [] and mirror == set()
