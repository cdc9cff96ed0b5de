"""References between lines and to the database: resolved in file order, honouring deletes."""

import pytest

from content_models.models import Municipality
from tests import factories

from . import sample_lines as s

pytestmark = pytest.mark.django_db


def test_unknown_topic_says_where_to_define_it(errors_for):
    lines = [s.topic(), s.authority(), s.self_service_link(), s.guide(topics=["skat-x"])]
    assert errors_for(lines) == [
        "line 4: topics[0]: unknown topic 'skat-x' (define it on an earlier line or in the admin)"
    ]


def test_references_resolve_against_earlier_lines_and_the_database(errors_for):
    factories.TopicFactory(slug="skat")
    lines = [s.topic(), s.guide(topics=["bolig-og-flytning", "skat"]), s.step_by_step(topics=["skat"])]
    assert errors_for(lines) == []


def test_a_reference_to_a_later_line_says_to_move_it_up(errors_for):
    lines = [s.guide(topics=["bolig-og-flytning"]), s.topic()]
    assert errors_for(lines) == [
        "line 1: topics[0]: topic 'bolig-og-flytning' is defined on line 2, after this line; move that line up"
    ]


def test_a_reference_to_an_item_deleted_earlier_in_the_file_is_an_error(errors_for):
    factories.TopicFactory(slug="skat")
    lines = [{"kind": "topic", "slug": "skat", "delete": True}, s.teaching_module(topics=["skat"])]
    assert errors_for(lines) == [
        "line 2: topics[0]: topic 'skat' is deleted on line 1; remove this reference or that delete"
    ]


def test_a_line_that_depends_on_an_invalid_line_is_invalid_too(errors_for):
    lines = [s.topic(title=None), s.guide(topics=["bolig-og-flytning"])]
    assert errors_for(lines) == [
        "line 1: title: required field is missing",
        "line 2: topics[0]: topic 'bolig-og-flytning' on line 1 is invalid; fix that line first",
    ]


def test_topic_parents(errors_for):
    parent = factories.TopicFactory(slug="bolig")
    factories.TopicFactory(slug="leje", parent=parent)
    assert errors_for([s.topic("bolig", parent="leje")]) == [
        "line 1: parent: would make a cycle (bolig → leje → bolig); choose another parent"
    ]
    assert errors_for([s.topic("bolig", parent="bolig")]) == ["line 1: parent: a topic cannot be its own parent"]
    assert errors_for([s.topic("ny", parent="mangler")]) == [
        "line 1: parent: unknown topic 'mangler' (define it on an earlier line or in the admin)"
    ]
    assert errors_for([s.topic("ny", parent="bolig")]) == []


def test_a_topic_with_subtopics_cannot_be_deleted_before_them(errors_for):
    parent = factories.TopicFactory(slug="bolig")
    factories.TopicFactory(slug="leje", parent=parent)
    delete_parent = {"kind": "topic", "slug": "bolig", "delete": True}
    assert errors_for([delete_parent]) == [
        "line 1: slug: topic 'bolig' still has subtopics 'leje'; delete them or give them another parent on earlier "
        "lines"
    ]
    assert errors_for([{"kind": "topic", "slug": "leje", "delete": True}, delete_parent]) == []
    assert errors_for([s.topic("leje", title="Leje"), delete_parent]) == []  # moved to the top level first


def test_an_authority_in_use_cannot_be_deleted(errors_for):
    factories.make_self_service_link(authority=factories.AuthorityFactory(slug="skat"))
    delete = {"kind": "authority", "slug": "skat", "delete": True}
    assert errors_for([delete]) == [
        "line 1: slug: authority 'skat' is still used by self-service links 'anmeld-flytning'; give them another "
        "authority or delete them on earlier lines"
    ]
    assert errors_for([s.self_service_link(), delete]) == []


def test_place_codes_must_exist(errors_for):
    lines = [
        s.authority(municipality="999"),
        s.authority("region-x", type="region", municipality=None, region="1090"),
        s.self_service_link(municipality_urls={"999": "https://x.dk"}, region_urls={"1089": "https://y.dk"}),
    ]
    assert errors_for(lines) == [
        "line 1: municipality: unknown municipality code '999'; use an official code such as '751'",
        "line 2: region: unknown region code '1090'; use one of 1081, 1082, 1083, 1084, 1085",
        "line 3: municipality_urls.999: unknown municipality code '999'; use an official code such as '751'",
        "line 3: region_urls.1089: unknown region code '1089'; use one of 1081, 1082, 1083, 1084, 1085",
    ]


def test_four_digit_municipality_codes_are_accepted(errors_for):
    lines = [
        s.authority(municipality="0751"),
        s.self_service_link(municipality_urls={"0101": "https://kk.dk/flyt"}),
        s.guide(),
        s.local_text(municipality="0751"),
    ]
    assert errors_for(lines) == []


def test_self_service_links_and_authority_of_a_link_must_exist(errors_for):
    lines = [s.self_service_link(authority="skat"), s.guide(self_service_links=["anmeld-flytning", "mangler"])]
    assert errors_for(lines) == [
        "line 1: authority: unknown authority 'skat' (define it on an earlier line or in the admin)",
        "line 2: self_service_links[0]: self-service link 'anmeld-flytning' on line 1 is invalid; fix that line first",
        "line 2: self_service_links[1]: unknown self-service link 'mangler' (define it on an earlier line or in the "
        "admin)",
    ]


def test_local_text_needs_the_guide_and_its_section(errors_for):
    factories.make_guide()  # sections: anmeld
    assert errors_for([s.local_text(section="frister")]) == [
        "line 1: section: guide 'flytning' has no section 'frister'; use one of 'anmeld' or add the section to the "
        "guide first"
    ]
    assert errors_for([s.local_text(guide="mangler")]) == [
        "line 1: guide: unknown guide 'mangler' (define it on an earlier line or in the admin)"
    ]
    assert errors_for([s.local_text(locale="en")]) == [
        "line 1: guide: unknown guide 'flytning' (en) (define it on an earlier line or in the admin)"
    ]
    sections = [{"key": "anmeld", "heading": "Anmeld", "body_html": "<p>a</p>"},
                {"key": "frister", "heading": "Frister", "body_html": "<p>b</p>"}]
    assert errors_for([s.guide(sections=sections), s.local_text(section="frister")]) == []
    assert errors_for([s.guide(locale="en"), s.local_text(locale="en", region="1082", municipality=None)]) == []


def test_dropping_a_section_that_has_local_texts_is_an_error(errors_for):
    factories.make_local_text(factories.make_guide(), municipality=Municipality.objects.get(code="751"))
    other_section = [{"key": "frister", "heading": "Frister", "body_html": "<p>b</p>"}]
    assert errors_for([s.guide(sections=other_section)]) == [
        "line 1: sections: section 'anmeld' is dropped but has local texts for 751; delete those on earlier lines or "
        "keep the section"
    ]
    delete_local_text = {"kind": "local_text", "guide": "flytning", "section": "anmeld", "municipality": "751",
                         "delete": True}
    assert errors_for([delete_local_text, s.guide(sections=other_section)]) == []


def test_deleting_a_guide_removes_its_local_texts_from_what_later_lines_see(errors_for):
    factories.make_local_text(factories.make_guide(), municipality=Municipality.objects.get(code="751"))
    lines = [{"kind": "guide", "slug": "flytning", "delete": True}, s.local_text()]
    assert errors_for(lines) == [
        "line 2: guide: guide 'flytning' is deleted on line 1; remove this reference or that delete"
    ]
    unpublish = {"kind": "local_text", "guide": "flytning", "section": "anmeld", "municipality": "751", "live": False}
    assert errors_for([lines[0], unpublish]) == [
        "line 2: -: local text 'flytning/anmeld/751' is deleted on line 1; remove this reference or that delete"
    ]


def test_unpublishing_an_unknown_item_is_an_error(errors_for):
    assert errors_for([{"kind": "step_by_step", "slug": "mangler", "live": False}]) == [
        "line 1: -: unknown step-by-step guide 'mangler' (nothing to unpublish; give the full content to create it as "
        "a draft)"
    ]


def test_deleting_an_unknown_item_is_not_an_error(errors_for):
    # Deleting what is already gone is a no-op, so a file with deletes can be imported twice.
    assert errors_for([{"kind": "teaching_module", "slug": "mangler", "delete": True}]) == []


def test_duplicate_identifiers_in_a_file(errors_for):
    lines = [
        s.guide(), s.guide(locale="en"), s.guide(),
        s.local_text(), s.local_text(municipality="0751"),
        s.standard(), {"kind": "standard", "identifier": "OIOUBL-2.1", "delete": True},
    ]
    assert errors_for(lines) == [
        "line 3: slug: duplicate guide 'flytning' (also on line 1); give each item once per file",
        "line 5: -: duplicate local text 'flytning/anmeld/751' (also on line 4); give each item once per file",
        "line 7: identifier: duplicate standard 'OIOUBL-2.1' (also on line 6); give each item once per file",
    ]


def test_related_standards_may_point_anywhere_in_the_file_and_form_cycles(errors_for):
    factories.make_standard("NemHandel")
    lines = [
        s.standard("A", related=["B", "NemHandel"]),
        s.standard("B", related=["A"]),
        s.standard("C", related=["C"]),
    ]
    assert errors_for(lines) == []


def test_related_standards_must_exist_at_the_end_of_the_import(errors_for):
    factories.make_standard("NemHandel")
    lines = [
        s.standard("A", related=["NemHandel", "mangler"]),
        {"kind": "standard", "identifier": "NemHandel", "delete": True},
        s.standard("B", title=None),
        s.standard("C", related=["B"]),
        s.standard("D", related=["C"]),
    ]
    assert errors_for(lines) == [
        "line 1: related[0]: standard 'NemHandel' is deleted on line 2; remove this reference or that delete",
        "line 1: related[1]: unknown standard 'mangler' (define it in this file or in the admin)",
        "line 3: title: required field is missing",
        "line 4: related[0]: standard 'B' on line 3 is invalid; fix that line first",
        "line 5: related[0]: standard 'C' on line 4 is invalid; fix that line first",
    ]
