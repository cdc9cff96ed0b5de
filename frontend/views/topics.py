"""/emner/: the topics, and everything live in one topic (and its subtopics), kind by kind."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .. import selectors
from content_models.kinds import registry


@require_safe
def topic_list(request):
    return TemplateResponse(request, "frontend/topics/list.html", {"topics": selectors.topic_tree()})


@require_safe
def topic_detail(request, slug):
    topic = selectors.topic_by_slug(slug)
    if topic is None:
        raise Http404("Intet emne med det navn.")
    items = selectors.live_items_in_topics(selectors.topic_and_descendants(topic))
    groups = [{"kind": kind, "label": registry.get(kind).plural, "pages": list(pages)} for kind, pages in items.items()]
    return TemplateResponse(
        request,
        "frontend/topics/detail.html",
        {"topic": topic, "subtopics": topic.children.order_by("title"), "groups": [g for g in groups if g["pages"]]},
    )
