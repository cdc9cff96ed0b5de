"""After its sunset a deprecated field answers an error that names what to use instead, not data."""

from datetime import date

from graphql import GraphQLError

from ..graphql.core.deprecations import BY_COORDINATE


def sunset_errors(fields, today: date) -> list[GraphQLError]:
    errors = []
    for coordinate in sorted(fields):
        deprecation = BY_COORDINATE.get(coordinate)
        if deprecation is None or not deprecation.is_past_sunset(today):
            continue
        errors.append(GraphQLError(
            f"{coordinate} was removed on {deprecation.sunset.isoformat()}. {deprecation.reason}",
            extensions={
                "code": "FIELD_SUNSET", "field": coordinate, "sunset": deprecation.sunset.isoformat(),
                "replacement": deprecation.replacement or None,
            },
        ))
    return errors
