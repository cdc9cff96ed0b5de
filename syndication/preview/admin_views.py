"""Admin: an editor issues a preview token for a draft, to show it on a partner's staging site."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from wagtail.admin.widgets import Button
from wagtail.models import Page

from .tokens import HEADER, MAX_AGE_SECONDS, may_edit, issue_token


def preview_token_view(request, content_type_id, object_id):
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    obj = model._default_manager.filter(pk=object_id).first() if model else None
    if obj is None:
        raise Http404
    if isinstance(obj, Page):
        obj = obj.specific
    if not may_edit(request.user, obj):
        raise PermissionDenied
    token = issue_token(request.user, obj)
    return render(
        request,
        "syndication/preview/token.html",
        {
            "object": obj,
            "token": token,
            "header": HEADER,
            "hours": MAX_AGE_SECONDS // 3600,
            "endpoint": request.build_absolute_uri(reverse("graphql")),
        },
    )


def preview_token_button(page, user, view_name=None, next_url=None):
    if page.specific_class is None or page.is_root() or not page.permissions_for_user(user).can_edit():
        return
    content_type = ContentType.objects.get_for_model(page.specific_class)
    yield Button(
        "API-forhåndsvisning",
        reverse("syndication_preview_token", args=[content_type.pk, page.pk]),
        icon_name="key",
        priority=90,
    )
