import graphene

from content_models.kinds import registry

from ..core.kinds import kind_enum
from ..core.pagination import PageInfo


def search_kind_enum():
    return kind_enum("SearchKind", "The kinds of content search finds.", registry.where(searchable=True))


SearchKind = search_kind_enum()


class SearchResult(graphene.ObjectType):
    """One item found, of any kind."""

    kind = graphene.Field(SearchKind, required=True, description="What kind of item it is.")
    slug = graphene.String(required=True, description="Its slug (the identifier for standards): look it up with the kind's query.")
    title = graphene.String(required=True, description="Title.")
    summary = graphene.String(required=True, description="Summary or description as plain text.")
    url = graphene.String(required=True, description="Path of the item on the portal.")
    highlight = graphene.String(
        required=True, description="HTML-escaped snippet with the matched words in <mark>...</mark>."
    )
    promoted = graphene.Boolean(required=True, description="Pinned by the editors for this search.")
    local = graphene.Boolean(required=True, description="Has local text or a local URL for the given municipality.")
    audience = graphene.Field(
        "syndication.graphql.self_service.types.Audience",
        description="Who a self-service link is for (citizens or businesses); null for the other kinds.",
    )
    locale = graphene.String(required=True, description="The item's language, 'da' or 'en'.")


class SearchEdge(graphene.ObjectType):
    """One result and its position."""

    cursor = graphene.String(required=True, description="Pass as `after` to continue after this result.")
    node = graphene.Field(SearchResult, required=True, description="The item found.")


class FacetValue(graphene.ObjectType):
    """One value of a facet and how many results have it."""

    value = graphene.String(required=True, description="The value: a kind, topic slug, authority slug or municipality code.")
    count = graphene.Int(required=True, description="How many results have it.")


class Facet(graphene.ObjectType):
    """Result counts by one field."""

    field = graphene.String(required=True, description="kind, topic, authority, audience or municipality.")
    values = graphene.List(graphene.NonNull(FacetValue), required=True, description="Values, most frequent first.")


class SearchConnection(graphene.ObjectType):
    """Results of every kind, ranked together."""

    total_count = graphene.Int(required=True, description="How many items match.")
    engine = graphene.String(required=True, description='"opensearch", or "database" (the embedded engine, also the fallback).')
    degraded = graphene.Boolean(required=True, description="True when OpenSearch is configured but the database engine answered.")
    did_you_mean = graphene.String(description="A corrected query when the words typed were not found.")
    corrected_from = graphene.String(
        description="Set when the results are for `didYouMean` instead of the words typed (these, as typed): "
        "show 'Viser resultater for <didYouMean>. Søg i stedet efter <correctedFrom>' (search again with asTyped)."
    )
    partial_match = graphene.Boolean(
        required=True, description="No item has every word: the results match some of the words."
    )
    facets = graphene.List(graphene.NonNull(Facet), required=True, description="Counts per kind, topic, authority, audience, municipality.")
    edges = graphene.List(graphene.NonNull(SearchEdge), required=True, description="This page of results, best first.")
    page_info = graphene.Field(PageInfo, required=True, description="Whether more results follow.")
