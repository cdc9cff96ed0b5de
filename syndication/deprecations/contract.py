"""The schema contract: schema.graphql may add, never break, except to drop a field past its announced sunset.

Compares the last release's schema (schema.release.graphql) with the current one using graphql-core's
``find_breaking_changes``. Every breaking change fails the check, save one: a field removed whose deprecation
reason in the release schema names a sunset date (``Sunset: YYYY-MM-DD.``) on or before today.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from graphql import BreakingChangeType, GraphQLObjectType, build_schema, find_breaking_changes, find_dangerous_changes

from ..graphql.core.deprecations import sunset_in

_REMOVED_FIELD = re.compile(r"^(\w+)\.(\w+) was removed\.$")


@dataclass
class ContractReport:
    breaking: list[str] = field(default_factory=list)  # fail the check
    retired: list[str] = field(default_factory=list)  # removed after their sunset: fine
    dangerous: list[str] = field(default_factory=list)  # may change what clients see: reported, not fatal
    overdue: list[str] = field(default_factory=list)  # past their sunset but still in the schema: remove them

    @property
    def ok(self) -> bool:
        return not self.breaking


def _deprecation_reason(schema, type_name: str, field_name: str) -> str | None:
    graphql_type = schema.type_map.get(type_name)
    fields = getattr(graphql_type, "fields", {}) or {}
    return fields[field_name].deprecation_reason if field_name in fields else None


def check(release_sdl: str, current_sdl: str, today: date) -> ContractReport:
    release, current = build_schema(release_sdl), build_schema(current_sdl)
    report = ContractReport()
    for change in find_breaking_changes(release, current):
        removed = _REMOVED_FIELD.match(change.description) if change.type is BreakingChangeType.FIELD_REMOVED else None
        if removed:
            reason = _deprecation_reason(release, *removed.groups())
            sunset = sunset_in(reason)
            if sunset is not None and sunset <= today:
                report.retired.append(f"{change.description} (sunset {sunset.isoformat()})")
                continue
            why = (f"its sunset is {sunset.isoformat()}" if sunset else
                   "it was not deprecated with a sunset date" if reason is None or not sunset else "")
            report.breaking.append(f"{change.description} Not allowed yet: {why}.")
            continue
        report.breaking.append(change.description)
    report.dangerous = [change.description for change in find_dangerous_changes(release, current)]
    for graphql_type in current.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType) and not graphql_type.name.startswith("__"):
            for name, definition in graphql_type.fields.items():
                sunset = sunset_in(definition.deprecation_reason)
                if sunset is not None and sunset <= today:
                    report.overdue.append(f"{graphql_type.name}.{name} (sunset {sunset.isoformat()})")
    return report
