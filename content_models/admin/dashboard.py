"""The admin home page per role, in Danish: what each editor has to do today.

- municipal editor: my local texts and addresses (draft, live, outdated), national changes under my texts, broken
  links in my municipality;
- national editor: pages due for review, broken national links, what awaits approval;
- approver: Wagtail's own review queue ("Afventer din godkendelse"), plus the national panels.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from ..local_variants.permissions import editable_municipality_ids, has_all_places
from . import selectors
from .local_content_views import snippet_url


class _Panel(Component):
    template_name = "content_models/admin/panels/panel.html"
    heading = ""
    empty = ""
    order = 90

    def __init__(self, request):
        self.request = request

    def rows(self) -> list[dict]:
        raise NotImplementedError

    def get_context_data(self, parent_context):
        return {"heading": self.heading, "rows": self.rows(), "empty": self.empty, "panel_id": self.name}


class MyLocalContentPanel(_Panel):
    name, order = "mit-lokale-indhold", 50
    heading = "Mine lokaltekster og lokale adresser"
    empty = "Din kommune har ingen lokaltekster eller lokale adresser endnu. Find en vejledning under Lokalt indhold."

    def rows(self):
        return [
            {"title": str(row.variant), "url": snippet_url(type(row.variant), "edit", row.variant.pk),
             "detail": type(row.variant)._meta.verbose_name.capitalize(), "state": row.state}
            for row in selectors.my_variants(self.request.user)
        ]


class NationalChangesPanel(_Panel):
    name, order = "nationale-aendringer", 40
    heading = "Nationale ændringer under mine tekster"
    empty = "Ingen: alle jeres lokaltekster er gennemgået siden den nationale tekst sidst blev ændret."

    def rows(self):
        return [
            {"title": str(text), "url": reverse("local_content:item", args=[text.localised_item.pk]),
             "detail": f"National tekst ændret {text.national_changed_at:%d.%m.%Y}", "state": "Forældet"}
            for text in selectors.outdated_local_texts(self.request.user)
        ]


class _BrokenLinksPanel(_Panel):
    empty = "Ingen døde links fundet ved seneste linktjek."

    def links(self):
        raise NotImplementedError

    def rows(self):
        rows = []
        for link in self.links()[:50]:  # the worst first is not known; 50 are a day's work
            where = link.where
            if hasattr(where, "get_latest_revision") and hasattr(where, "path"):
                        url = reverse("wagtailadmin_pages:edit", args=[where.pk])
            else:
                url = snippet_url(type(where), "edit", where.pk)
            status = link.status
            state = f"{status.get_state_display()}{f' ({status.http_status})' if status.http_status else ''}"
            rows.append({"title": link.url, "url": url, "detail": f"{link.label}: {where}", "state": state})
        return rows


class BrokenMunicipalLinksPanel(_BrokenLinksPanel):
    name, order = "doede-links-kommune", 45
    heading = "Døde links i min kommune"

    def links(self):
        return selectors.broken_municipal_links(self.request.user)


class BrokenNationalLinksPanel(_BrokenLinksPanel):
    name, order = "doede-links-nationalt", 45
    heading = "Døde nationale links"

    def links(self):
        return selectors.broken_national_links()


class DueReviewsPanel(_Panel):
    name, order = "skal-gennemgaas", 40
    heading = "Sider der skal gennemgås"
    empty = "Ingen sider skal gennemgås de næste 30 dage."

    def rows(self):
        return [
            {"title": page.title, "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
             "detail": f"{page._meta.verbose_name.capitalize()}"
                       f"{f' · ejer: {page.content_owner.name}' if page.content_owner_id else ''}",
             "state": f"Gennemgås senest {page.review_by:%d.%m.%Y}"}
            for page in selectors.due_reviews()
        ]


class AwaitingApprovalPanel(_Panel):
    name, order = "afventer-godkendelse", 35
    heading = "Afventer godkendelse"
    empty = "Intet indhold venter på godkendelse."

    def rows(self):
        states = WorkflowState.objects.active().filter(base_content_type__app_label="wagtailcore")
        rows = []
        for state in states.order_by("-created_at")[:50]:
            page = state.content_object
            if page is None:
                continue
            rows.append({"title": page.get_admin_display_title(), "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                         "detail": f"Sendt af {state.requested_by.get_full_name() or state.requested_by.get_username()}"
                         if state.requested_by_id else "", "state": "Afventer godkendelse"})
        return rows


def panels_for(request) -> list[Component]:
    user = request.user
    if has_all_places(user):
        return [AwaitingApprovalPanel(request), DueReviewsPanel(request), BrokenNationalLinksPanel(request)]
    if editable_municipality_ids(user):
        return [NationalChangesPanel(request), BrokenMunicipalLinksPanel(request), MyLocalContentPanel(request)]
    return []


def on_construct_homepage_panels(request, panels):
    # Wagtail's own panels that mean nothing to a municipal editor (page counts, pages they cannot edit) go.
    if not has_all_places(request.user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") in {"workflow_objects_to_moderate"}]
    panels.extend(panels_for(request))


