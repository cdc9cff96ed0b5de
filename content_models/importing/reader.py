"""Splitting a JSON Lines file into parsed values, one problem per unreadable line."""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from .schema import Problem

# A JSON escape of a UTF-16 surrogate: the only way one gets into a decoded line (raw bytes must be UTF-8).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def lone_surrogate_path(value, path: str = "") -> str | None:
    """The dotted path of the first string (or key) in ``value`` holding half a UTF-16 surrogate pair: JSON can
    say "\\ud800", but no database or file can store it. "-" when it is a field name."""
    pending = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return where or "-"
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if _SURROGATE.search(key):
                    return "-"
                pending.append((child, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            pending.extend((child, f"{where}[{n}]") for n, child in reversed(list(enumerate(item))))
    return None


def read_lines(source: bytes | Iterable[bytes]) -> Iterator[RawLine]:
    """Yield every non-blank line of ``source`` (UTF-8, optional BOM) as parsed JSON or as a problem.

    ``source`` is the whole file, or its lines one at a time (an open binary file: it is read as it goes).
    A line longer than IMPORT_MAX_LINE_BYTES is refused unparsed, and a string holding a lone surrogate is refused
    with its field, so that no later step meets text it cannot encode.
    """
    max_bytes = settings.IMPORT_MAX_LINE_BYTES
    for index, raw in enumerate(source.split(b"\n") if isinstance(source, bytes) else source):
        if raw.endswith(b"\n"):
            raw = raw[:-1]  # a file's lines keep their end; the same line split from bytes does not
        number = index + 1
        if index == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > max_bytes:
            problem = Problem("-", f"the line is {_size(len(raw))}; at most {_size(max_bytes)} per line "
                                   "(IMPORT_MAX_LINE_BYTES): shorten the item or split its text")
            yield RawLine(number, problem=problem)
            continue
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
            where = lone_surrogate_path(value) if _SURROGATE_ESCAPE.search(text) else None
            if where:
                message = ("contains half of a UTF-16 surrogate pair (an escape such as \\ud800 without its other "
                           "half), which is not a character; remove it or fix the program that wrote the file")
                yield RawLine(number, problem=Problem(where, message))
            else:
                yield RawLine(number, value=value)
