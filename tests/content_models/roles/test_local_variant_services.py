"""The local-variant services: municipal editors write their own municipality only; refusals write nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Revision

from content_models.local_variants import services
from content_models.local_variants.permissions import LocalVariantPermissionPolicy
from content_models.models import LocalText, Municipality, PublishingEvent, Region, SelfServiceUrlOverride
from tests import factories

pytestmark = pytest.mark.django_db


def municipality(code):
    return Municipality.objects.get(code=code)


def region(code):
    return Region.objects.get(code=code)


def events():
    return list(PublishingEvent.objects.values_list("kind", "identifier", "action"))


def db_state():
    """Everything a write of a local variant could change."""
    return {
        "texts": list(LocalText.objects.order_by("pk").values_list("pk", "municipality_id", "region_id", "body", "live")),
        "overrides": list(
            SelfServiceUrlOverride.objects.order_by("pk").values_list("pk", "municipality_id", "region_id", "url", "live")
        ),
        "revisions": Revision.objects.count(),
        "events": events(),
    }


@pytest.fixture
def guide():
    return factories.make_guide(sections=[
        ("anmeld", "Anmeld din flytning", "<p>Anmeld senest 5 dage efter.</p>"),
        ("frister", "Frister", "<p>Fristerne.</p>"),
        ("regler", "Regler", "<p>Reglerne.</p>"),
    ])


@pytest.fixture
def link():
    return factories.make_self_service_link()


@pytest.fixture
def copenhagen_editor():
    return factories.municipal_editor("101")


def superuser():
    return factories.UserFactory(is_superuser=True)


# --- the allowed paths of a municipal editor -------------------------------------------------------


def test_municipal_editor_creates_a_draft_then_publishes_own_local_text(guide, copenhagen_editor):
    before = events()
    text = services.save_local_text(
        user=copenhagen_editor, guide=guide, section_key="anmeld", body_html="<p>Ring til Borgerservice.</p>",
        municipality=municipality("101"),
    )
    assert not text.live
    assert events() == before  # a draft is not an event

    text = services.save_local_text(
        user=copenhagen_editor, guide=guide, section_key="anmeld", body_html="<p>Book tid i Borgerservice.</p>",
        municipality=municipality("101"), publish=True,
    )
    assert LocalText.objects.filter(guide=guide, municipality__code="101").count() == 1
    text.refresh_from_db()
    assert text.live and text.body == "<p>Book tid i Borgerservice.</p>"
    assert events()[len(before):] == [("local_text", "flytning/anmeld/101", "PUBLISHED")]


def test_municipal_editor_unpublishes_publishes_and_deletes_own_local_text(guide, copenhagen_editor):
    text = factories.make_local_text(guide, municipality=municipality("101"))
    start = len(events())
    services.unpublish_variant(user=copenhagen_editor, variant=text)
    text.refresh_from_db()
    assert not text.live
    services.publish_variant(user=copenhagen_editor, variant=text)
    text.refresh_from_db()
    assert text.live
    services.delete_variant(user=copenhagen_editor, variant=text)
    assert not LocalText.objects.filter(pk=text.pk).exists()
    assert events()[start:] == [
        ("local_text", "flytning/anmeld/101", "UNPUBLISHED"),
        ("local_text", "flytning/anmeld/101", "PUBLISHED"),
        ("local_text", "flytning/anmeld/101", "UNPUBLISHED"),  # deleting a live item: UNPUBLISHED, then DELETED
        ("local_text", "flytning/anmeld/101", "DELETED"),
    ]


def test_municipal_editor_writes_publishes_and_deletes_own_url_override(link, copenhagen_editor):
    start = len(events())
    override = services.save_url_override(
        user=copenhagen_editor, link=link, url="https://www.kk.dk/flyt", municipality=municipality("101"), publish=True
    )
    assert override.live and override.url == "https://www.kk.dk/flyt"
    draft = services.save_url_override(
        user=copenhagen_editor, link=link, url="https://www.kk.dk/flytning", municipality=municipality("101")
    )
    override.refresh_from_db()
    assert override.url == "https://www.kk.dk/flyt"  # the new address is a draft; the live one stays
    assert draft.get_latest_revision_as_object().url == "https://www.kk.dk/flytning"
    services.publish_variant(user=copenhagen_editor, variant=draft)
    override.refresh_from_db()
    assert override.url == "https://www.kk.dk/flytning"
    services.unpublish_variant(user=copenhagen_editor, variant=override)
    services.delete_variant(user=copenhagen_editor, variant=override)
    assert not SelfServiceUrlOverride.objects.exists()
    assert [a for k, i, a in events()[start:]] == ["PUBLISHED", "PUBLISHED", "UNPUBLISHED", "DELETED"]
    assert {(k, i) for k, i, a in events()[start:]} == {("self_service_url", "anmeld-flytning/101")}


# --- refusals: another municipality, a region, nothing written -------------------------------------


def _refused_writes(guide, link):
    """Each write a København editor must not make, as (label, call(user))."""
    aarhus, hovedstaden = municipality("751"), region("1084")
    aarhus_text = factories.make_local_text(guide, municipality=aarhus, body="<p>Aarhus.</p>")
    aarhus_draft = factories.make_local_text(guide, section_key="frister", municipality=aarhus, live=False)
    region_text = factories.make_local_text(guide, region=hovedstaden, body="<p>Hovedstaden.</p>")
    aarhus_override = factories.make_url_override(link, municipality=aarhus, url="https://aarhus.dk/flyt")
    region_override = factories.make_url_override(link, region=hovedstaden, url="https://regionh.dk/flyt")
    text = dict(guide=guide, section_key="anmeld", body_html="<p>Overtaget.</p>")
    return [
        ("create text for 751", lambda u: services.save_local_text(user=u, municipality=aarhus, **{**text, "section_key": "regler"})),
        ("update 751 text", lambda u: services.save_local_text(user=u, municipality=aarhus, **text)),
        ("update and publish 751 text", lambda u: services.save_local_text(user=u, municipality=aarhus, publish=True, **text)),
        ("update region text", lambda u: services.save_local_text(user=u, region=hovedstaden, **text)),
        ("publish 751 draft", lambda u: services.publish_variant(user=u, variant=aarhus_draft)),
        ("unpublish 751 text", lambda u: services.unpublish_variant(user=u, variant=aarhus_text)),
        ("delete 751 text", lambda u: services.delete_variant(user=u, variant=aarhus_text)),
        ("unpublish region text", lambda u: services.unpublish_variant(user=u, variant=region_text)),
        ("delete region text", lambda u: services.delete_variant(user=u, variant=region_text)),
        ("update 751 url", lambda u: services.save_url_override(user=u, link=link, url="https://x.dk", municipality=aarhus)),
        ("update region url", lambda u: services.save_url_override(user=u, link=link, url="https://x.dk", region=hovedstaden)),
        ("publish 751 url", lambda u: services.publish_variant(user=u, variant=aarhus_override)),
        ("unpublish 751 url", lambda u: services.unpublish_variant(user=u, variant=aarhus_override)),
        ("delete 751 url", lambda u: services.delete_variant(user=u, variant=aarhus_override)),
        ("delete region url", lambda u: services.delete_variant(user=u, variant=region_override)),
    ]


def test_municipal_editor_is_refused_every_write_outside_own_municipality_and_nothing_is_written(
    guide, link, copenhagen_editor
):
    refused = _refused_writes(guide, link)
    before = db_state()
    for label, write in refused:
        with pytest.raises(PermissionDenied):
            write(copenhagen_editor)
        assert db_state() == before, label


def test_creating_a_region_text_is_refused_for_a_municipal_editor_of_that_region(guide, copenhagen_editor):
    # København lies in Region Hovedstaden, but a region text shows in 29 municipalities.
    with pytest.raises(PermissionDenied):
        services.save_local_text(
            user=copenhagen_editor, guide=guide, section_key="anmeld", body_html="<p>Hele regionen.</p>",
            region=region("1084"), publish=True,
        )
    with pytest.raises(PermissionDenied):
        services.save_url_override(user=copenhagen_editor, link=factories.make_self_service_link(),
                                   url="https://regionh.dk", region=region("1084"))
    assert not LocalText.objects.exists() and not SelfServiceUrlOverride.objects.exists()


def test_a_user_without_editor_groups_or_inactive_is_refused(guide, link):
    outsider = factories.UserFactory()
    former = factories.municipal_editor("101", is_active=False)
    refused = _refused_writes(guide, link)
    own = lambda u: services.save_local_text(  # noqa: E731
        user=u, guide=guide, section_key="anmeld", body_html="<p>x</p>", municipality=municipality("101")
    )
    before = db_state()
    for user in (outsider, former):
        for label, write in [*refused, ("create text for 101", own)]:
            with pytest.raises(PermissionDenied):
                write(user)
            assert db_state() == before, label


def test_editor_of_two_municipalities_writes_both_but_no_third(guide):
    user = factories.municipal_editor("101")
    user.groups.add(municipality("147").editor_group)
    for code in ("101", "147"):
        services.save_local_text(user=user, guide=guide, section_key="anmeld", body_html=f"<p>{code}</p>",
                                 municipality=municipality(code), publish=True)
    with pytest.raises(PermissionDenied):
        services.save_local_text(user=user, guide=guide, section_key="anmeld", body_html="<p>751</p>",
                                 municipality=municipality("751"))
    assert sorted(LocalText.objects.values_list("municipality__code", flat=True)) == ["101", "147"]


# --- national staff and superusers: every place --------------------------------------------------


@pytest.mark.parametrize("make_user", [factories.national_approver, superuser], ids=["approver", "superuser"])
def test_approvers_and_superusers_write_and_publish_any_place(guide, link, make_user):
    user = make_user()
    places = [dict(municipality=municipality("101")), dict(municipality=municipality("751")), dict(region=region("1084"))]
    for place in places:
        text = services.save_local_text(
            user=user, guide=guide, section_key="anmeld", body_html="<p>Lokalt.</p>", publish=True, **place
        )
        override = services.save_url_override(user=user, link=link, url="https://lokal.dk", publish=True, **place)
        assert text.live and override.live
        services.unpublish_variant(user=user, variant=text)
        services.publish_variant(user=user, variant=text)
        services.delete_variant(user=user, variant=override)
    assert LocalText.objects.filter(live=True).count() == 3
    assert not SelfServiceUrlOverride.objects.exists()
    assert {i for k, i, a in events() if k == "local_text"} == {
        "flytning/anmeld/101", "flytning/anmeld/751", "flytning/anmeld/1084"
    }


def test_national_editor_drafts_and_deletes_any_place_but_cannot_publish(guide, link):
    editor = factories.national_editor()
    for place in (dict(municipality=municipality("751")), dict(region=region("1084"))):
        text = services.save_local_text(user=editor, guide=guide, section_key="anmeld", body_html="<p>Udkast.</p>", **place)
        override = services.save_url_override(user=editor, link=link, url="https://lokal.dk", **place)
        assert not text.live and not override.live
        services.delete_variant(user=editor, variant=override)
    assert LocalText.objects.count() == 2

    # Publishing is the approvers' job, for local variants as for pages.
    draft = LocalText.objects.get(municipality__code="751")
    live = factories.make_local_text(guide, municipality=municipality("101"))
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.publish_variant(user=editor, variant=draft)
    with pytest.raises(PermissionDenied):
        services.unpublish_variant(user=editor, variant=live)
    with pytest.raises(PermissionDenied):
        services.save_local_text(user=editor, guide=guide, section_key="anmeld", body_html="<p>Straks.</p>",
                                 municipality=municipality("751"), publish=True)
    assert db_state() == before


def test_system_writes_without_a_user():
    guide = factories.make_guide()
    text = services.save_local_text(
        user=None, guide=guide, section_key="anmeld", body_html="<p>Import.</p>", region=region("1084"), publish=True
    )
    assert text.live


# --- the permission policy the admin uses ---------------------------------------------------------


def test_policy_lists_only_the_variants_of_the_users_own_municipality(guide, link):
    texts = {
        "101": factories.make_local_text(guide, municipality=municipality("101")),
        "147": factories.make_local_text(guide, municipality=municipality("147")),
        "751": factories.make_local_text(guide, municipality=municipality("751"), live=False),
        "1084": factories.make_local_text(guide, region=region("1084")),
    }
    overrides = {
        "101": factories.make_url_override(link, municipality=municipality("101")),
        "751": factories.make_url_override(link, municipality=municipality("751")),
        "1084": factories.make_url_override(link, region=region("1084")),
    }
    text_policy = LocalVariantPermissionPolicy(LocalText)
    url_policy = LocalVariantPermissionPolicy(SelfServiceUrlOverride)

    def listed(policy, user, actions=("change",)):
        return set(policy.instances_user_has_any_permission_for(user, list(actions)))

    copenhagen = factories.municipal_editor("101")
    assert listed(text_policy, copenhagen) == {texts["101"]}
    assert listed(text_policy, copenhagen, ["publish", "delete"]) == {texts["101"]}
    assert listed(url_policy, copenhagen) == {overrides["101"]}
    assert listed(text_policy, factories.municipal_editor("751")) == {texts["751"]}
    assert listed(text_policy, factories.national_editor()) == set(texts.values())
    assert listed(text_policy, factories.national_approver()) == set(texts.values())
    assert listed(url_policy, superuser()) == set(overrides.values())
    assert listed(text_policy, factories.UserFactory()) == set()
    # National editors may not publish local variants, so nothing is theirs to publish.
    assert listed(text_policy, factories.national_editor(), ["publish"]) == set()

    assert text_policy.user_has_permission_for_instance(copenhagen, "change", texts["101"])
    assert text_policy.user_has_permission_for_instance(copenhagen, "publish", texts["101"])
    for other in ("147", "751", "1084"):
        for action in ("change", "delete", "publish"):
            assert not text_policy.user_has_permission_for_instance(copenhagen, action, texts[other])
