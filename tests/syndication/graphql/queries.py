"""GraphQL queries used both by tests and by the benchmarks (no imports: bench/ loads this without pytest)."""

# A page of guides with everything a partner shows: local texts and self-service URLs for Aarhus (751), topics.
# tests/syndication/graphql/test_query_counts.py pins its query count; bench/query_counts.py compares it with
# Wagtail's API v2.
GUIDES_QUERY = """
query ($first: Int!) {
  guides(first: $first, municipality: "751") {
    totalCount
    edges { cursor node {
      slug title summary url lastPublishedAt
      topics { slug title }
      sections { key heading bodyHtml localText { bodyHtml scope } }
      selfServiceLinks { slug url nationalUrl isLocalUrl authority { name } topics { slug } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
