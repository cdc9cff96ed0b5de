"""One import: read the file, validate every line, apply the valid ones in one transaction, count what happened."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from .apply import CREATED, DELETED, UNCHANGED, UNPUBLISHED, UPDATED, Applier
from .reader import read_lines
from .references import Catalogue
from .schema import UPSERT, Line, validate_line

INVALID = "invalid"
UNKNOWN_KIND = "-"  # the report's row for lines whose kind could not be read
Progress = Callable[[Iterable, int], Iterable]


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str

    def __str__(self):
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Change:
    line: int
    label: str
    action: str


@dataclass
class ImportResult:
    errors: list[LineError] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # (kind, action) -> lines
    changes: list[Change] = field(default_factory=list)
    applied: bool = False  # False: nothing was written because of invalid lines
    dry_run: bool = False

    def total(self, *actions: str) -> int:
        return sum(count for (_, action), count in self.counts.items() if action in actions)

    @property
    def changed(self) -> int:
        return self.total(CREATED, UPDATED, UNPUBLISHED, DELETED)

    @property
    def unchanged(self) -> int:
        return self.total(UNCHANGED)

    @property
    def invalid(self) -> int:
        return self.total(INVALID)


class ImportFailed(Exception):
    """Applying a line failed unexpectedly; the whole import was rolled back."""

    def __init__(self, line: Line, error: Exception):
        detail = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        super().__init__(
            f"line {line.number}: -: could not apply {line.label}: {detail}; nothing was imported "
            "(fix the line or the item in the admin and import again)"
        )
        self.line = line


def validate(data: bytes) -> tuple[list[Line], list[LineError], Counter]:
    """Every line of ``data`` checked on its own and against the database and earlier lines."""
    lines: list[Line] = []
    errors: list[LineError] = []
    invalid = Counter()
    for raw in read_lines(data):
        if raw.problem:
            errors.append(LineError(raw.number, raw.problem.field, raw.problem.message))
            invalid[(UNKNOWN_KIND, INVALID)] += 1
        else:
            lines.append(validate_line(raw.number, raw.value))

    catalogue = Catalogue.from_database()
    catalogue.expect(line for line in lines if not line.problems)
    for line in lines:
        if line.kind:
            line.problems.extend(catalogue.check(line))
        if line.problems:
            catalogue.mark_invalid(line)
        else:
            catalogue.record(line)
    standards = [line for line in lines if line.kind == "standard" and not line.problems]
    by_number = {line.number: line for line in standards}
    for number, problems in catalogue.check_standards(standards).items():
        by_number[number].problems.extend(problems)

    for line in lines:
        if line.problems:
            invalid[(line.kind or UNKNOWN_KIND, INVALID)] += 1
            errors.extend(LineError(line.number, p.field, p.message) for p in line.problems)
    errors.sort(key=lambda error: error.line)  # stable: a line's errors keep their order
    return [line for line in lines if not line.problems], errors, invalid


def run_import(data: bytes, *, dry_run: bool = False, skip_invalid: bool = False,
               progress: Progress | None = None) -> ImportResult:
    """Import JSON Lines ``data``: all or nothing unless ``skip_invalid``; ``dry_run`` applies, then rolls back."""
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        valid, result.errors, result.counts = validate(data)
        if result.errors and not skip_invalid:
            return result
        applier = Applier({line.key: line for line in valid if line.action == UPSERT})
        for line in progress(valid, len(valid)) if progress else valid:
            try:
                action = applier.apply(line)
            except (ValidationError, PermissionDenied, ObjectDoesNotExist, DatabaseError) as exc:
                # Validation should have caught this; report it as input-related, without a traceback.
                raise ImportFailed(line, exc) from exc
            result.counts[(line.kind, action)] += 1
            if action != UNCHANGED:
                result.changes.append(Change(line.number, line.label, action))
        result.applied = True
        if dry_run:
            transaction.set_rollback(True)
    return result
