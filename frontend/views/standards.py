"""/standarder/: the catalogue of data-interchange standards, and one standard with its related entries."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from content_models.models import Standard

from .. import selectors
from ..labels import STANDARD_CATEGORY_PLURALS
from ..pagination import page_number, paginate

PER_PAGE = 25
CATEGORY_PARAM = "kategori"


@require_safe
def standard_list(request):
    category = request.GET.get(CATEGORY_PARAM, "")
    if category not in Standard.Category.values:
        category = ""
    queryset = selectors.standards(category)
    pagination = paginate(page_number(request), queryset.count(), PER_PAGE, list(request.GET.items()))
    start = (pagination.current - 1) * PER_PAGE
    categories = [
        {"value": value, "label": STANDARD_CATEGORY_PLURALS.get(value, label), "current": value == category}
        for value, label in Standard.Category.choices
    ]
    return TemplateResponse(
        request,
        "frontend/standards/list.html",
        {"standards": queryset[start : start + PER_PAGE], "pagination": pagination, "categories": categories,
         "category": category},
    )


@require_safe
def standard_detail(request, identifier):
    standard = selectors.standard_by_identifier(identifier)
    if standard is None:
        raise Http404("Ingen standard med den identifikator.")
    return TemplateResponse(request, "frontend/standards/detail.html", {"standard": standard})
