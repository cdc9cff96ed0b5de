import graphene

from .resolvers import resolve_search, resolve_search_suggestions
from ..self_service.types import Audience
from .types import SearchConnection, SearchKind, SearchResult


class SearchQuery(graphene.ObjectType):
    search = graphene.Field(
        SearchConnection,
        required=True,
        description="One search over guides, self-service links, step-by-step guides, teaching modules and standards.",
        query=graphene.String(required=True, description="What the citizen typed (plain words; no query syntax)."),
        municipality=graphene.String(description="Rank content with local text or URL for this municipality first."),
        kinds=graphene.List(graphene.NonNull(SearchKind), description="Only these kinds."),
        topic=graphene.String(description="Only items in this topic (slug) or its subtopics."),
        authority=graphene.String(description="Only items of this authority (a value of the authority facet)."),
        audience=Audience(description="Only self-service links for citizens or for businesses (the audience facet)."),
        first=graphene.Int(description="Page size, 1-100 (default 20)."),
        after=graphene.String(description="Cursor from the previous page."),
        locale=graphene.String(
            description="Only content in this language, 'da' or 'en'. Left out: both languages, each analysed as "
            "its own language and ranked together, Danish preferred."
        ),
        as_typed=graphene.Boolean(
            description="Search the words exactly as typed, never corrected automatically (default false: when "
            "nothing matches the words as typed but a correction does, the results are for the correction, "
            "see `correctedFrom`)."
        ),
    )
    search_suggestions = graphene.List(
        graphene.NonNull(SearchResult),
        required=True,
        description="Autocomplete: items whose titles complete what is typed so far (up to 20, default 8).",
        query=graphene.String(required=True, description="What is typed so far."),
        municipality=graphene.String(description="Official municipality code, as for `search`."),
        first=graphene.Int(description="How many suggestions, 1-20 (default 8)."),
        locale=graphene.String(description="Only content in this language, 'da' or 'en' (left out: both)."),
    )

    resolve_search = staticmethod(resolve_search)
    resolve_search_suggestions = staticmethod(resolve_search_suggestions)
