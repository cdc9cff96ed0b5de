"""Wagtail admin of an outbox (webhook deliveries, Digital Post messages): a read-only list, inspect and retry.

The worker writes the rows (``syndication.models.outbox.OutboxRow``); the admin may look (``view``) and retry
(the model's ``change`` permission), never add, edit or delete. A viewset subclasses ``OutboxViewSet``, says
what a retry does (``retry_now``) and what the editor is told (``retry_message``); its inspect view
subclasses ``OutboxInspectView`` and includes "syndication/includes/retry_form.html" in its template.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy


def retry_permission(model) -> str:
    """The permission that allows a retry: the model's ``change`` permission."""
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Outbox rows are written by the worker only: the admin may look (``view``), never add/edit/delete.

    The model's ``change`` permission is reused to mean "may retry".
    """

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


class OutboxInspectView(generic.InspectView):
    """Adds ``retry_url`` to the context when the row is not delivered and the user may retry it."""

    retry_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_retry = self.object.status != self.model.Status.DELIVERED and self.request.user.has_perm(
            retry_permission(self.model)
        )
        if self.retry_url_name and can_retry:
            context["retry_url"] = reverse(self.retry_url_name, args=(self.object.pk,))
        return context


class OutboxViewSet(ModelViewSet):
    """A log, not a form: listing, inspect and retry (POST) only; registers the ``view`` and ``change`` permissions."""

    inspect_view_class = OutboxInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    retry_message = ""  # shown after a retry

    def retry_now(self, row) -> None:
        """Give ``row`` a fresh series of attempts (the dispatcher's ``retry_now``)."""
        raise NotImplementedError

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    def get_permissions_to_register(self):
        # Only "view" (see the outbox) and "change" (retry) mean something for outbox rows.
        model_name = self.model._meta.model_name
        return super().get_permissions_to_register().filter(codename__in=[f"view_{model_name}", f"change_{model_name}"])

    @property
    def retry_view(self):
        inspect_url_name = self.get_url_name("inspect")
        permission = retry_permission(self.model)

        @require_POST
        def retry(request, pk):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            self.retry_now(get_object_or_404(self.model, pk=pk))
            messages.success(request, self.retry_message)
            return redirect(inspect_url_name, pk)

        return retry

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]
