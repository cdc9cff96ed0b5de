"""Import and export of content as JSON Lines (the "Import format" contract in docs/architecture.md).

Modules: reader (bytes -> parsed lines), schema (one line's fields, normalisation),
references (lines against the database and each other), apply (writes), export
(reads; also the importer's unchanged check), runner (the transaction), report (output).

Rules beyond the contract, decided here:
- Empty optional values: export leaves out optional fields that are null, blank, [] or {};
  import treats absent, null and empty alike. Fields with a default (locale, login,
  audience) are always written. A line is the whole item: an optional field left out
  is cleared.
- Unordered lists (topics, self_service_links, related) are written sorted; municipality
  codes as 3 digits; rich text sanitised; lines in dependency order, then by identifier.
- municipality_urls / region_urls replace the link's *live* overrides: listed places are
  created or updated and published, live overrides of unlisted places are deleted, draft
  overrides are left to the editors (and are not exported).
- "delete": true on an item that does not exist is a no-op (re-importable); an unpublish
  line (only identifying fields and "live": false) must name an existing item.
- Each item appears once per file; deleting a topic with subtopics, an authority still
  used by a link, or dropping a guide section that has local texts must be preceded by
  lines that resolve that.
"""
