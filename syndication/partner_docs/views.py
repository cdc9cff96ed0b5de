"""The partner guide and the schema, served beside the API: /graphql/docs/, /graphql/docs/webhooks/,
/graphql/docs/examples/<file>, /graphql/schema.graphql (GraphiQL links to the guide)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render as render_template
from django.views.decorators.http import require_safe

from ..management.commands.export_graphql_schema import schema_sdl
from .examples import DOCS
from .rendering import render

EXAMPLE_FILES = DOCS / "examples"


@require_safe
def guide_view(request, page=""):
    rendered = render(page)
    if rendered is None:
        raise Http404("No such page of the partner guide.")
    title, body = rendered
    response = render_template(request, "syndication/partner_docs.html", {"title": title, "body": body, "page": page})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def schema_view(request):
    response = HttpResponse(schema_sdl(), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def example_file_view(request, name):
    """A runnable example the guide links to (docs/examples/), as plain text to download."""
    path = EXAMPLE_FILES / name
    if "/" in name or name.startswith(".") or path.suffix != ".py" or not path.is_file():
        raise Http404("No such example.")
    return FileResponse(path.open("rb"), content_type="text/plain; charset=utf-8", filename=name)
