"""Wagtail's site history report, narrowed for municipal editors to their own municipality's local variants.

Wagtail filters log entries by content type only, so a municipal editor who may edit local texts saw the log of
every municipality's local texts and URL overrides (who changed what, where, when). This view is served at the
report's own URL (cms/urls.py, before Wagtail's admin URLs) and hides the entries of local variants the user
cannot edit, also from its user filter. National staff see everything, as before. Entries of a deleted local
variant cannot be placed any more, so only national staff see those.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.models import ModelLogEntry, PageLogEntry

from ..local_variants.permissions import editable_municipality_ids
from ..models import LocalText, SelfServiceUrlOverride


def hide_other_places(queryset, user):
    """``queryset`` of ModelLogEntry without the entries of local variants ``user`` cannot edit."""
    allowed = editable_municipality_ids(user)
    if allowed is None:
        return queryset
    hidden = Q()
    for model in (LocalText, SelfServiceUrlOverride):
        own = model.objects.filter(municipality_id__in=allowed, region__isnull=True).values(
            key=Cast("pk", output_field=CharField())
        )
        hidden |= Q(content_type_id=ContentType.objects.get_for_model(model).pk) & ~Q(object_id__in=own)
    return queryset.exclude(hidden)


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_user_choices(self):
        user = self.request.user
        ids = set(PageLogEntry.objects.viewable_by_user(user).get_user_ids())
        ids |= set(hide_other_places(ModelLogEntry.objects.viewable_by_user(user), user).get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class ScopedSiteHistoryView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = hide_other_places(queryset, self.request.user)
        return queryset
