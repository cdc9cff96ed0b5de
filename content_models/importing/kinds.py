"""Which kinds the import format knows, in which order, and each one's handler: from the content-kind registry.

A kind takes part in import and export when the registry names an ``importer`` for it
(content_models.importing.handlers); lines are exported, and must be ordered, so that whatever a line refers
to comes first (``refers_to`` in the registry).
"""

from ..kinds import ContentKind, UnknownKind, registry


def importable() -> list[ContentKind]:
    return registry.dependency_order([kind for kind in registry if kind.importer])


def codes() -> tuple[str, ...]:
    return tuple(kind.code for kind in importable())


def is_importable(code) -> bool:
    """Whether the import format takes lines of kind ``code`` (cheap: asked for every line)."""
    try:
        return isinstance(code, str) and registry.get(code).importer is not None
    except UnknownKind:
        return False


def handler(code: str):
    """The ImportHandler of ``code``; UnknownKind for a kind the import format does not take."""
    return registry.get(code).import_handler


def spec(code: str):
    return handler(code).spec


__all__ = ["UnknownKind", "codes", "handler", "importable", "is_importable", "spec"]
