"""A CSV catalogue converted to import-format lines (validation of the values is the import pipeline's).

The first line is the header; its columns are the standard fields of the import format
(identifier, title, category, version, status, description, url, owner, related), in any
order and case; only identifier, title and category are required. The delimiter is taken
from the header: "," or ";" (what a Danish spreadsheet writes) or a tab. ``related`` lists
identifiers separated by ";" or "|". Categories may be given as codes or by their Danish
names (Standard, Arkitekturdokument, Tjeneste, Organisation). Empty cells are absent values.

Record N of the output is placed on the line where the record starts in the CSV (blank
lines pad), so the pipeline's "line N" messages name CSV lines.
"""

import csv
import io
import json
import re

from content_models.importing.runner import LineError
from content_models.importing.schema import STANDARD
from content_models.models import Standard

from .harvest import CatalogueData

_FIELDS = STANDARD.fields
COLUMNS = tuple(spec.name for spec in _FIELDS)
REQUIRED = tuple(spec.name for spec in _FIELDS if spec.required)
_DELIMITERS = (",", ";", "\t")
_RELATED_SEPARATOR = re.compile(r"[;|]")
# Codes and the Danish labels of the model's choices, case-insensitively.
_CATEGORIES = {
    name.casefold(): value for value, label in Standard.Category.choices for name in (value, str(label))
}


def _decode(data: bytes) -> tuple[str | None, LineError | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, LineError(line, "-", f"not valid UTF-8 (byte {exc.start + 1}); save the file as UTF-8 "
                                          '(in Excel: "CSV UTF-8")')


def _delimiter(header_line: str) -> str:
    return max(_DELIMITERS, key=header_line.count)


def _header(cells: list[str]) -> tuple[list[str], list[LineError]]:
    names, errors, seen = [], [], set()
    for position, cell in enumerate(cells, start=1):
        name = cell.strip().lower()
        if not name:
            errors.append(LineError(1, "-", f"column {position} has no name; remove it or name it "
                                            f"(the columns are {', '.join(COLUMNS)})"))
        elif name not in COLUMNS:
            errors.append(LineError(1, cell.strip(), f"unknown column; remove it (the columns are "
                                                     f"{', '.join(COLUMNS)})"))
        elif name in seen:
            errors.append(LineError(1, name, "column given more than once; give it once"))
        seen.add(name)
        names.append(name)
    for name in REQUIRED:
        if name not in seen:
            errors.append(LineError(1, name, f"required column is missing; the header must name "
                                             f"{', '.join(REQUIRED)}"))
    return names, errors


def _line(names: list[str], cells: list[str]) -> dict:
    line = {"kind": "standard"}
    for name, cell in zip(names, cells):
        value = cell.strip()
        if not value:
            continue  # absent, as the import format treats empty values
        if name == "related":
            line[name] = [part.strip() for part in _RELATED_SEPARATOR.split(value) if part.strip()]
        elif name == "category":
            # Unknown categories are passed on as given, so the pipeline reports them.
            line[name] = _CATEGORIES.get(value.casefold(), value)
        else:
            line[name] = value
    return line


def read_csv(data: bytes) -> CatalogueData:
    """The CSV catalogue ``data`` as import-format lines, with the problems of its structure."""
    text, problem = _decode(data)
    if problem:
        return CatalogueData(b"", [problem])
    first = text.split("\n", 1)[0]
    if not first.strip():
        return CatalogueData(b"", [LineError(1, "-", f"the first line must be the header, e.g. {','.join(COLUMNS)}")])

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    names, errors = _header(next(reader))
    if errors:
        return CatalogueData(b"", errors)  # per-record messages would only repeat the header's problem

    out: list[str] = [""]  # output line N is out[N - 1]; line 1 is the header
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(LineError(start, "-", f"not valid CSV: {exc}; check the quoting (a value holding the "
                                                "delimiter, a quote or a line break must be in double quotes)"))
            break  # the reader cannot resynchronise after broken quoting
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            errors.append(LineError(start, "-", f"has {len(cells)} values but the header has {len(names)} columns; "
                                                "put values holding the delimiter in double quotes"))
            continue
        out.extend([""] * (start - 1 - len(out)))
        out.append(json.dumps(_line(names, cells), ensure_ascii=False))
    return CatalogueData("\n".join(out).encode("utf-8") + b"\n", errors)
