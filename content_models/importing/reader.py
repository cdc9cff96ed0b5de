"""Splitting a JSON Lines file into parsed values, one problem per unreadable line."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .schema import Problem


@dataclass(frozen=True)
class RawLine:
    number: int  # 1-based line number in the file
    value: object = None
    problem: Problem | None = None


class _DuplicateKey(ValueError):
    def __init__(self, key):
        super().__init__(key)
        self.key = key


def _reject_duplicate_keys(pairs):
    # Python's json keeps the last of repeated keys silently; an import should not guess.
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def read_lines(source: bytes | Iterable[bytes]) -> Iterator[RawLine]:
    """Yield every non-blank line of ``source`` (UTF-8, optional BOM) as parsed JSON or as a problem.

    ``source`` is the whole file, or its lines one at a time (an open binary file: it is read as it goes)."""
    for index, raw in enumerate(source.split(b"\n") if isinstance(source, bytes) else source):
        number = index + 1
        if index == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem("-", f"not valid UTF-8 (byte {exc.start + 1}); save the file as UTF-8")
            yield RawLine(number, problem=problem)
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
        except _DuplicateKey as exc:
            yield RawLine(number, problem=Problem(str(exc.key), "given more than once in the object; give it once"))
        except json.JSONDecodeError as exc:
            yield RawLine(
                number,
                problem=Problem("-", f"invalid JSON: {exc.msg} at column {exc.colno}; "
                                     "each line must be one complete JSON object"),
            )
        except ValueError as exc:
            yield RawLine(number, problem=Problem("-", f"invalid JSON: {exc}"))
        except RecursionError:
            problem = Problem("-", "invalid JSON: nested too deeply; import lines are flat objects")
            yield RawLine(number, problem=problem)
        else:
            yield RawLine(number, value=value)
