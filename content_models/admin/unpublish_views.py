"""Unpublishing a page the GOV.UK way: its address either answers "gone" (410) or redirects to another page.

The page's uses are shown first, so the editor sees what will point at nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from ..lifecycle.retirement import GONE, REDIRECT, retire_page
from .usage import where_used


class RetireForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Hvad skal den gamle adresse svare?", widget=forms.RadioSelect, initial=GONE,
        choices=[(GONE, "Siden er fjernet (410 – væk)"), (REDIRECT, "Send videre til en anden side (301)")],
    )
    target = forms.ModelChoiceField(
        label="Send videre til", queryset=Page.objects.live(), required=False, widget=AdminPageChooser(),
        error_messages={"invalid_choice": "Vælg en publiceret side."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == REDIRECT and not cleaned.get("target"):
            self.add_error("target", "Vælg den side, adressen skal sende videre til.")
        return cleaned


def unpublish(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_unpublish():
        raise PermissionDenied
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data.get("target")
        retire_page(page, user=request.user, outcome=form.cleaned_data["outcome"], target=target)
        messages.success(request, f"»{page.title}« er afpubliceret.")
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(request, "content_models/admin/unpublish.html", {
        "page": page, "form": form, "uses": where_used(page), "page_title": f"Afpublicér »{page.title}«",
    })
