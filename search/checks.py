"""System checks: every kind the registry marks searchable can be projected into a search document."""

from django.core.checks import Error, register


@register()
def searchable_kinds_have_documents(app_configs=None, **kwargs):
    from .projection import missing_builders

    return [
        Error(
            f"content kind {code!r} is searchable but search.projection has no document builder for it",
            hint="add it to search.projection._BUILDERS, or mark it searchable=False in content_models.kinds",
            id="search.E001",
        )
        for code in missing_builders()
    ]
