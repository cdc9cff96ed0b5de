"""The content-kind registry is the one place kinds are declared: everything that lists kinds follows it."""

import json

import pytest
from django.core import checks

from content_models.importing import export as export_module
from content_models.importing.apply import CREATED
from content_models.importing.handlers import ImportHandler
from content_models.importing.runner import run_import
from content_models.importing.schema import Field, KindSpec, Slug, Text
from content_models.kinds import ContentKind, registry
from frontend.labels import kind_label
from search.models import KIND_CHOICES, SearchDocument
from syndication.digital_post.selectors import Item
from syndication.graphql.changes.types import change_kind_enum
from syndication.graphql.search.types import search_kind_enum
from syndication.models.webhooks import validate_kinds
from syndication.webhooks.admin import WebhookEndpointForm

# --- a throwaway kind, with an import handler that records what it is given -----------------------------------------

APPLIED = []
THROWAWAY_SPEC = KindSpec(
    "throwaway", "throwaway item",
    (Field("slug", Slug(50), required=True, identifying=True), Field("title", Text(100), required=True)),
    publishable=False,
)


def _apply(applier, line):
    APPLIED.append(dict(line.data))
    return CREATED


THROWAWAY_HANDLER = ImportHandler(
    THROWAWAY_SPEC, load=lambda catalogue: None, check=lambda catalogue, line, problems: None, apply=_apply,
    export=lambda: iter([{"kind": "throwaway", "slug": "kastet", "title": "Kastet"}]),
)
THROWAWAY = ContentKind(
    "throwaway", "content_models.Topic", "THROWAWAY", "Engangsting", "Engangsting", "engangstingen",
    "A kind that exists only in this test.", searchable=True, importer=f"{__name__}.THROWAWAY_HANDLER",
)


@pytest.fixture
def throwaway():
    APPLIED.clear()
    with registry.temporarily(THROWAWAY) as kind:
        yield kind


def test_the_graphql_enums_take_a_new_kind_from_the_registry(throwaway):
    change_kind = change_kind_enum()
    search_kind = search_kind_enum()
    assert change_kind.THROWAWAY.value == "throwaway"
    assert search_kind.THROWAWAY.value == "throwaway"
    assert change_kind.get("throwaway").description == "A kind that exists only in this test."


def test_labels_and_webhook_filters_take_a_new_kind_from_the_registry(throwaway):
    assert kind_label("throwaway") == "Engangsting"
    assert ("throwaway", "Engangsting") in WebhookEndpointForm.base_fields["kinds"].choices
    validate_kinds(["throwaway", "guide"])  # accepted, no ValidationError


@pytest.mark.django_db
def test_import_and_export_dispatch_to_a_new_kinds_handler(throwaway):
    result = run_import(b'{"kind": "throwaway", "slug": "kastet", "title": "Kastet"}\n')
    assert result.errors == []
    assert APPLIED == [{"slug": "kastet", "title": "Kastet"}]
    assert result.counts[("throwaway", CREATED)] == 1
    exported = [line for line in export_module.export_lines() if line["kind"] == "throwaway"]
    assert exported == [{"kind": "throwaway", "slug": "kastet", "title": "Kastet"}]


@pytest.mark.django_db
def test_validation_names_a_new_kind_among_the_known_ones(throwaway):
    result = run_import(json.dumps({"kind": "kastet"}).encode() + b"\n")
    assert "throwaway" in str(result.errors[0])


def test_a_searchable_kind_without_a_document_builder_fails_the_system_check(throwaway):
    errors = [error for error in checks.run_checks() if error.id == "search.E001"]
    assert [error.msg for error in errors] == [
        "content kind 'throwaway' is searchable but search.projection has no document builder for it"
    ]


def test_without_the_throwaway_kind_everything_is_back():
    assert "throwaway" not in registry
    assert not hasattr(change_kind_enum(), "THROWAWAY")
    assert not [error for error in checks.run_checks() if error.id == "search.E001"]


# --- one kind, one name ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(registry), ids=lambda kind: kind.code)
def test_a_kind_has_one_label_everywhere(kind):
    shown = {
        "registry": kind.label,
        "citizen site": kind_label(kind.code),
        "model": kind.model._meta.verbose_name[0].upper() + kind.model._meta.verbose_name[1:],
    }
    if kind.in_event_log:
        shown["webhook filter"] = dict(WebhookEndpointForm.base_fields["kinds"].choices)[kind.code]
    if kind.searchable:
        shown["search choices"] = dict(KIND_CHOICES)[kind.code]
        shown["search document"] = dict(SearchDocument._meta.get_field("kind").choices)[kind.code]
    assert set(shown.values()) == {kind.label}, shown
    assert str(kind.model._meta.verbose_name_plural) == kind.verbose_name_plural
    if kind.notifiable:
        item = Item(kind.code, 1, "x", "Titel", "https://example.dk/")
        assert item.kind_label == kind.definite
