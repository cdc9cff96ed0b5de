"""The one place that reads environment variables.

Every setting that comes from the environment goes through ``env()``, so the
configuration table in the README is the complete list of knobs.
"""

import json
import os
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {value!r}")


def _to_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _to_dict(value: str) -> dict:
    parsed = json.loads(value)
    if not isinstance(parsed, dict):
        raise ValueError("expected a JSON object")
    return parsed


CASTS: dict[type, Callable[[str], Any]] = {
    bool: _to_bool, list: _to_list, int: int, float: float, str: str, dict: _to_dict,  # dict: a JSON object
}


def env(name: str, default: Any = _MISSING, cast: type = str) -> Any:
    """Read ``name`` from the environment, cast it, or fail with a clear message.

    Without a default the variable is required: a missing value raises
    ImproperlyConfigured naming the variable, so an operator knows what to set.
    """
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required. Set it before starting the service."
            )
        return default
    try:
        return CASTS[cast](raw)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"The environment variable {name} is invalid: {exc}") from exc
