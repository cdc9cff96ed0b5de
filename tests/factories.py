"""Factories for content in tests: build realistic objects through the same services the product uses."""

import io

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale

from content_models import publishing
from content_models.models import (
    Authority,
    GuidePage,
    GuideSection,
    LearningObjective,
    LocalText,
    Municipality,
    PortalImage,
    SelfServiceLinkPage,
    SelfServiceUrlOverride,
    Standard,
    Step,
    StepByStepPage,
    TeachingModulePage,
    Topic,
)
from content_models.roles import NATIONAL_APPROVERS, NATIONAL_EDITORS
from content_models.site_structure import index_page_for


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redaktoer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "hemmelig-kode-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(*extracted)
        self.save()


def national_editor(**kwargs):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_EDITORS)], **kwargs)


def national_approver(**kwargs):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_APPROVERS)], **kwargs)


def municipal_editor(code: str, **kwargs):
    return UserFactory(groups=[Municipality.objects.get(code=code).editor_group], **kwargs)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"emne-{n}")
    title = factory.Sequence(lambda n: f"Emne {n}")


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"styrelse-{n}")
    name = factory.Sequence(lambda n: f"Styrelse {n}")
    type = Authority.Type.STATE


def image_bytes(size=(1600, 900), colour=(200, 30, 30), format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=format)
    return buffer.getvalue()


def make_image(key="flyttekasser", title="Flyttekasser", alt="Flyttekasser i en stue", size=(1600, 900), **kwargs):
    image = PortalImage(key=key, title=title, description=alt)
    image.file = ImageFile(io.BytesIO(image_bytes(size, **kwargs)), name=f"{key}.png")
    image.save()
    return image


def _locale(code="da"):
    return Locale.objects.get(language_code=code)


def _add_page(page, live=True, bulk=False):
    """Add ``page`` to its index and publish it. ``bulk`` writes it live directly, without a revision
    or an event: only for read-path tests that need many items fast."""
    if bulk and live:
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = timezone.now()
        index_page_for(type(page), page.locale if page.locale_id else None).add_child(instance=page)
        return page
    index_page_for(type(page), page.locale if page.locale_id else None).add_child(instance=page)
    if live:
        publishing.publish(page)
    return page


def make_guide(
    slug="flytning", title="Flytning", sections=None, live=True, topics=(), locale="da", bulk=False, links=(), **fields
):
    """A guide with sections given as (key, heading, body_html) tuples."""
    sections = sections or [("anmeld", "Anmeld din flytning", "<p>Du skal anmelde flytning senest 5 dage efter.</p>")]
    page = GuidePage(
        title=title, slug=slug, summary=fields.pop("summary", f"Om {title.lower()}."), locale=_locale(locale),
        live=False, **fields,
    )
    page.sections = [GuideSection(key=k, heading=h, body=b) for k, h, b in sections]
    page.topics = list(topics)
    page.self_service_links = list(links)
    return _add_page(page, live, bulk)


def make_self_service_link(
    slug="anmeld-flytning", title="Anmeld flytning", url="https://www.borger.dk/flyt", live=True, topics=(), **fields
):
    page = SelfServiceLinkPage(
        title=title, slug=slug, description=fields.pop("description", "Anmeld din flytning digitalt."), url=url,
        locale=_locale(), live=False, **fields,
    )
    page.topics = list(topics)
    return _add_page(page, live)


def make_step_by_step(
    slug="koeb-af-bolig", title="Køb af bolig", steps=(("Læg budget", "<p>Start med budgettet.</p>"),), live=True,
    **fields,
):
    page = StepByStepPage(title=title, slug=slug, summary="Trin for trin.", locale=_locale(), live=False, **fields)
    page.steps = [Step(title=t, body=b) for t, b in steps]
    return _add_page(page, live)


def make_teaching_module(slug="kom-i-gang-med-mitid", title="Kom i gang med MitID", live=True, **fields):
    page = TeachingModulePage(
        title=title, slug=slug, summary="Et forløb.", audience="Ældre borgere", level="beginner",
        duration_minutes=45, body="<p>Forløbet viser MitID-appen.</p>", locale=_locale(), live=False, **fields,
    )
    page.objectives = [LearningObjective(text="Kan logge på med MitID")]
    return _add_page(page, live)


def make_standard(identifier="OIOUBL-2.1", title="OIOUBL 2.1", live=True, **fields):
    standard = Standard(identifier=identifier, title=title, category="standard", live=False, **fields)
    standard.save()
    if live:
        publishing.publish(standard)
    return standard


def make_local_text(
    guide, section_key="anmeld", municipality=None, region=None, body="<p>Lokal tekst.</p>", live=True, bulk=False
):
    local_text = LocalText(
        guide=guide, section_key=section_key, municipality=municipality, region=region, body=body, live=bulk and live
    )
    local_text.save()
    if live and not bulk:
        publishing.publish(local_text)
    return local_text


def make_url_override(link, municipality=None, region=None, url="https://www.kk.dk/flyt", live=True):
    override = SelfServiceUrlOverride(link=link, municipality=municipality, region=region, url=url, live=False)
    override.save()
    if live:
        publishing.publish(override)
    return override


def sign_in_citizen(client, cpr="0202802345", loa="Substantial", source="nemlogin"):
    """Sign a citizen in on the test ``client`` as a completed MitID login does (cms.sso.citizen.sign_in); the
    development person register places the test CPR numbers (0202802345 lives in Aarhus, 751)."""
    from django.conf import settings
    from django.test import RequestFactory

    from cms.sso.citizen import sign_in
    from cms.sso.identity import PersonIdentity

    request = RequestFactory().get("/")
    request.session = client.session
    citizen = sign_in(request, PersonIdentity(source=source, cpr=cpr, loa=loa))
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return citizen


def sign_in_business(client, cvr="10103940", may_manage=True, organisation_name="Testvirksomheden ApS"):
    """Sign an employee of the company ``cvr`` in on the test ``client`` as a completed MitID Erhverv login does
    (cms.sso.business.sign_in), with or without the right to manage the company's subscriptions."""
    from django.conf import settings
    from django.test import RequestFactory

    from cms.sso.business import sign_in
    from cms.sso.identity import ProfessionalIdentity

    request = RequestFactory().get("/")
    request.session = client.session
    user = sign_in(request, ProfessionalIdentity(
        source="nemlogin", subject="00000000-0000-4000-8000-000000000001", cvr=cvr,
        organisation_name=organisation_name, loa="Substantial", authorized_to_represent=may_manage,
    ))
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return user
