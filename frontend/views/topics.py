"""/emner/: the topics, and everything live in one topic (and its subtopics), kind by kind, in the page's language.

An English topic page lists the English pages, then the topic's Danish pages that have no English translation
yet ("Kun på dansk"): a newcomer sees what exists, and which pages they would have to read in Danish.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .. import languages, selectors
from ..labels import kind_plural


@require_safe
def topic_list(request):
    return TemplateResponse(request, "frontend/topics/list.html", {"topics": selectors.topic_tree()})


@require_safe
def topic_detail(request, slug):
    topic = selectors.topic_by_slug(slug)
    if topic is None:
        raise Http404("Intet emne med det navn.")
    language = languages.current_language()
    topic_ids = selectors.topic_and_descendants(topic)
    items = selectors.live_items_in_topics(topic_ids, language)
    groups = [{"kind": kind, "label": kind_plural(kind), "pages": list(pages)} for kind, pages in items.items()]
    only_in_danish = []
    if language != languages.DEFAULT_LANGUAGE:
        translated = selectors.translated_into(language)
        only_in_danish = [
            page for pages in selectors.live_items_in_topics(topic_ids, languages.DEFAULT_LANGUAGE).values()
            for page in pages if page.translation_key not in translated
        ]
    return TemplateResponse(
        request,
        "frontend/topics/detail.html",
        {"topic": topic, "subtopics": topic.children.order_by("title"), "groups": [g for g in groups if g["pages"]],
         "only_in_danish": only_in_danish},
    )
