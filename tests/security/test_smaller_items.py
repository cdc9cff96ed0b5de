"""The issue's smaller items: admin searches that answered 500, addresses the admin took but an import refused,
MeMo temp files a killed worker left, other municipalities' history, the events of a deleted live local text,
the citizen login pages' Content-Security-Policy, and test-only npm packages."""

import json
import os
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from content_models.models import Authority, LocalText, Municipality, PublishingEvent, SelfServiceUrlOverride, Standard
from syndication.digital_post import dispatch
from syndication.digital_post.backends import FileBackend
from tests import factories
from tests.content_models.importing.sample_lines import jsonl
from tests.content_models.importing.sample_lines import self_service_link as link_line

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def events():
    return list(PublishingEvent.objects.order_by("sequence").values_list("kind", "identifier", "action"))


# --- snippet listings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "make", "query"), [
    ("topic", lambda: factories.TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning"), "bolig"),
    ("topic", lambda: factories.TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning"), "g-og-fly"),
    ("authority", lambda: factories.AuthorityFactory(slug="boligstyrelsen", name="Boligstyrelsen"), "bolig"),
    ("standard", lambda: factories.make_standard(identifier="BOLIG-1", title="Boligdata"), "bolig-1"),
])
def test_catalogue_listings_search_without_error(client, model, make, query):
    item = make()
    factories.TopicFactory(slug="sundhed", title="Sundhed")
    client.force_login(factories.national_editor())
    response = client.get(f"/admin/snippets/content_models/{model}/", {"q": query})
    assert response.status_code == 200
    assert str(item) in response.content.decode() and "Sundhed" not in response.content.decode()


def test_the_topic_chooser_searches_too(client):
    factories.TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning")
    client.force_login(factories.national_editor())
    response = client.get("/admin/snippets/choose/content_models/topic/", {"q": "bolig"})
    assert response.status_code == 200 and "Bolig og flytning" in response.content.decode()


# --- addresses: what the admin takes, an import takes ----------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://www.kk.dk/flyt", "javascript:alert(1)", "file:///etc/passwd",
                                 "mailto:borger@kk.dk", "data:text/html,x"])
def test_a_municipal_editor_cannot_save_a_non_web_address(client, url):
    link = factories.make_self_service_link()
    client.force_login(factories.municipal_editor("101"))
    response = client.post(reverse("wagtailsnippets_content_models_selfserviceurloverride:add"), {
        "link": link.pk, "municipality": Municipality.objects.get(code="101").pk, "url": url,
        "action-publish": "action-publish",
    })
    assert response.status_code == 200 and not SelfServiceUrlOverride.objects.exists()
    assert response.context["form"].errors["url"]


@pytest.mark.parametrize("model, field_values", [
    (Authority, {"slug": "x", "name": "X", "type": "state"}),
    (Standard, {"identifier": "X-1", "title": "X", "category": "standard"}),
])
def test_every_web_address_field_refuses_ftp(model, field_values):
    with pytest.raises(ValidationError) as refused:
        model(url="ftp://example.dk/x", **field_values).full_clean(exclude=["id"])
    assert "url" in refused.value.message_dict


def test_what_the_admin_saved_exports_and_imports_again(client, tmp_path):
    link = factories.make_self_service_link()
    client.force_login(factories.municipal_editor("101"))
    client.post(reverse("wagtailsnippets_content_models_selfserviceurloverride:add"), {
        "link": link.pk, "municipality": Municipality.objects.get(code="101").pk, "url": "https://www.kk.dk/flyt",
        "action-publish": "action-publish",
    })
    path = tmp_path / "export.jsonl"
    call_command("export_content", str(path), stdout=StringIO())
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["municipality_urls"] for line in lines if line["kind"] == "self_service_link"] == [
        {"101": "https://www.kk.dk/flyt"}]
    out = StringIO()
    call_command("import_content", str(path), stdout=out)
    assert out.getvalue().strip().splitlines()[-1].endswith("0 invalid.")
    refused = tmp_path / "refused.jsonl"
    refused.write_bytes(jsonl([link_line(municipality_urls={"101": "ftp://www.kk.dk/flyt"})]))
    with pytest.raises(Exception, match="municipality_urls.101: must be an http or https URL"):
        call_command("import_content", str(refused), stdout=StringIO(), stderr=StringIO())


# --- Digital Post temp files ---------------------------------------------------------------------------------


def test_temp_files_a_killed_worker_left_are_removed(tmp_path, settings):
    directory = tmp_path / "memo"
    directory.mkdir()
    left = directory / ".0b6f-uuid.abc123.tmp"  # as FileBackend names them; the kill came before the rename
    left.write_text("<Message><recipientID>0101901234</recipientID></Message>")
    old = time.time() - 3600
    os.utime(left, (old, old))
    writing = directory / ".1c7e-uuid.def456.tmp"  # another worker's write in progress: not touched
    writing.write_text("<Message/>")
    settings.DIGITAL_POST_BACKEND = f"file://{directory}"
    assert dispatch.deliver_due() == {"delivered": 0, "duplicate": 0, "retry": 0, "dead": 0}  # the worker's pass
    assert not left.exists() and writing.exists()


def test_sweeping_is_cheap_between_passes(tmp_path):
    backend = FileBackend(tmp_path)
    stale = tmp_path / ".a.b.tmp"
    stale.write_text("x")
    os.utime(stale, (0, 0))
    assert backend.sweep(now=10_000) == 1
    stale.write_text("x")
    os.utime(stale, (0, 0))
    assert backend.sweep(now=10_030) == 0  # swept half a minute ago
    assert backend.sweep(now=10_061) == 1


# --- the site history report ----------------------------------------------------------------------------------


def test_the_site_history_shows_a_municipal_editor_only_their_own_local_texts(client):
    guide = factories.make_guide()
    copenhagen, aarhus = (Municipality.objects.get(code=code) for code in ("101", "751"))
    own = factories.make_local_text(guide, municipality=copenhagen, body="<p>København.</p>")
    other = factories.make_local_text(guide, municipality=aarhus, body="<p>Aarhus.</p>")
    editor = factories.municipal_editor("751")
    factories.make_url_override(factories.make_self_service_link(), municipality=aarhus)
    for text in (own, other):
        ModelLogEntry.objects.log_action(text, "wagtail.edit", user=editor if text is other else None)

    def labels(user):
        client.force_login(user)
        response = client.get("/admin/reports/site-history/")
        assert response.status_code == 200
        rows = {str(entry.object_id) for entry in response.context["object_list"]
                if entry.content_type.model == "localtext"}
        client.logout()
        return rows

    assert labels(factories.municipal_editor("101")) == {str(own.pk)}
    assert labels(factories.national_editor()) == {str(own.pk), str(other.pk)}
    client.force_login(factories.municipal_editor("101"))
    results = client.get("/admin/reports/site-history/results/")
    assert results.status_code == 200 and "Aarhus" not in results.content.decode()
    assert editor.username not in client.get("/admin/reports/site-history/").content.decode()  # the user filter


def test_the_site_history_needs_an_admin_login(client):
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- deleting a live local variant ------------------------------------------------------------------------------


def test_deleting_a_live_local_text_in_the_admin_logs_unpublished_then_deleted(client):
    guide = factories.make_guide()
    text = factories.make_local_text(guide, municipality=Municipality.objects.get(code="101"))
    client.force_login(factories.municipal_editor("101"))
    assert client.post(reverse("wagtailsnippets_content_models_localtext:delete", args=[text.pk])).status_code == 302
    assert events()[-2:] == [("local_text", "flytning/anmeld/101", "UNPUBLISHED"),
                             ("local_text", "flytning/anmeld/101", "DELETED")]


def test_deleting_a_live_standard_and_a_draft_local_text(client):
    standard = factories.make_standard()
    draft = factories.make_local_text(factories.make_guide(), municipality=Municipality.objects.get(code="101"),
                                      live=False)
    standard.delete()
    draft.delete()  # never seen by anyone: no event at all
    assert [event for event in events() if event[0] != "guide"] == [
        ("standard", "OIOUBL-2.1", "PUBLISHED"), ("standard", "OIOUBL-2.1", "UNPUBLISHED"),
        ("standard", "OIOUBL-2.1", "DELETED")]
    assert not LocalText.objects.exists()


# --- the citizen login pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sso/borger/login/", "/sso/borger/testperson/", "/sso/oidc/ukendt/login/"])
def test_citizen_login_pages_have_the_sites_content_security_policy(client, settings, path):
    settings.SSO_DEV_CITIZEN_LOGIN = True
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<style" not in html and " style=" not in html  # the policy would block inline style
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)  # all of it from static files


# --- npm -------------------------------------------------------------------------------------------------------


def test_test_only_npm_packages_are_dev_dependencies():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    served = {"dkfds", "graphiql", "react", "react-dom"}  # cms/settings/base.py serves these as static files
    assert set(package["dependencies"]) == served
    assert set(package["devDependencies"]) == {"axe-core", "oidc-provider"}
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    assert all(lock["packages"][f"node_modules/{name}"].get("dev") for name in package["devDependencies"])
    assert not any(lock["packages"][f"node_modules/{name}"].get("dev") for name in served)
