"""One import: read the file, validate every line, apply the valid ones in one transaction, count what happened.

The file is read as it goes and its checked lines are spooled to a temporary file, so memory stays flat however
large the import; runs of lines of one kind are applied together (batches.py)."""

import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from .. import background
from . import kinds
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


class _Spool:
    """Checked lines kept on disk in file order (pickled), so a large file is never held in memory whole."""

    def __init__(self):
        self._file = tempfile.TemporaryFile()

    def append(self, line: Line) -> None:
        pickle.dump(line, self._file, protocol=pickle.HIGHEST_PROTOCOL)  # one self-contained pickle a line

    def __iter__(self) -> Iterator[Line]:
        self._file.flush()
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)
            except EOFError:
                return

    def close(self) -> None:
        self._file.close()


@dataclass
class _Checked:
    """The outcome of validation: every line spooled; which ones are invalid, and why."""

    spool: _Spool
    errors: list[LineError]
    invalid: Counter
    invalid_numbers: set[int]
    valid_count: int
    standard_upserts: dict[tuple, Line]

    def valid_lines(self) -> Iterator[Line]:
        return (line for line in self.spool if line.number not in self.invalid_numbers)


def _check(source: bytes | Iterable[bytes]) -> _Checked:
    """Every line of ``source`` checked on its own, then against the database and the lines before it.

    Two passes over a spool: the first parses, validates each line and notes where each item is defined (for
    "move that line up" hints); the second checks references in file order."""
    spool, errors, invalid, total = _Spool(), [], Counter(), 0
    catalogue = Catalogue()
    for raw in read_lines(source):
        if raw.problem:
            errors.append(LineError(raw.number, raw.problem.field, raw.problem.message))
            invalid[(UNKNOWN_KIND, INVALID)] += 1
            continue
        line = validate_line(raw.number, raw.value)
        if not line.problems:
            catalogue.expect([line])
        spool.append(line)
        total += 1

    catalogue.load_database()
    invalid_lines: dict[int, Line] = {}
    standards: list[Line] = []
    for line in spool:
        if line.kind:
            line.problems.extend(catalogue.check(line))
        if line.problems:
            catalogue.mark_invalid(line)
            invalid_lines[line.number] = line
        else:
            catalogue.record(line)
            if line.kind == "standard":
                standards.append(line)
    by_number = {line.number: line for line in standards}
    for number, problems in catalogue.check_standards(standards).items():
        by_number[number].problems.extend(problems)
        invalid_lines[number] = by_number[number]

    for line in sorted(invalid_lines.values(), key=lambda line: line.number):
        invalid[(line.kind or UNKNOWN_KIND, INVALID)] += 1
        errors.extend(LineError(line.number, p.field, p.message) for p in line.problems)
    errors.sort(key=lambda error: error.line)  # stable: a line's errors keep their order
    upserts = {line.key: line for line in standards if line.action == UPSERT and line.number not in invalid_lines}
    return _Checked(spool, errors, invalid, set(invalid_lines), total - len(invalid_lines), upserts)


def validate(data: bytes | Iterable[bytes]) -> tuple[list[Line], list[LineError], Counter]:
    """Every line of ``data`` checked on its own and against the database and earlier lines."""
    checked = _check(data)
    try:
        return list(checked.valid_lines()), checked.errors, checked.invalid
    finally:
        checked.spool.close()


# Lines of one kind applied together (batches.py): large enough to make bulk writes pay, small enough to keep
# memory flat.
RUN_LENGTH = 500


def _runs(lines: Iterable[Line]) -> Iterator[list[Line]]:
    """Consecutive lines of the same kind, at most RUN_LENGTH at a time."""
    run: list[Line] = []
    for line in lines:
        if run and (line.kind != run[0].kind or len(run) >= RUN_LENGTH):
            yield run
            run = []
        run.append(line)
    if run:
        yield run


def _apply_run(applier: Applier, run: list[Line]) -> list[str]:
    apply_many = kinds.handler(run[0].kind).apply_many
    if apply_many is not None and len(run) > 1:
        try:
            with transaction.atomic():  # a savepoint: a failing run is undone and retried line by line
                return apply_many(applier, run)
        except _APPLY_ERRORS:
            pass  # one line by one, to name the line that fails
    actions = []
    for line in run:
        try:
            actions.append(applier.apply(line))
        except _APPLY_ERRORS as exc:
            # Validation should have caught this; report it as input-related, without a traceback.
            raise ImportFailed(line, exc) from exc
    return actions


_APPLY_ERRORS = (ValidationError, PermissionDenied, ObjectDoesNotExist, DatabaseError)


def run_import(source: bytes | Iterable[bytes], *, dry_run: bool = False, skip_invalid: bool = False,
               progress: Progress | None = None) -> ImportResult:
    """Import JSON Lines ``source`` (the file's bytes, or an open binary file, read as it goes): all or nothing
    unless ``skip_invalid``; ``dry_run`` applies, then rolls back."""
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        checked = _check(source)
        try:
            result.errors, result.counts = checked.errors, checked.invalid
            if result.errors and not skip_invalid:
                return result
            applier = Applier(checked.standard_upserts)
            lines = checked.valid_lines()
            # Wagtail's index tasks run once per item, in bulk, at the end (still in this transaction).
            with background.deferred():
                for run in _runs(progress(lines, checked.valid_count) if progress else lines):
                    for line, action in zip(run, _apply_run(applier, run)):
                        result.counts[(line.kind, action)] += 1
                        if action != UNCHANGED:
                            result.changes.append(Change(line.number, line.label, action))
        finally:
            checked.spool.close()
        result.applied = True
        if dry_run:
            transaction.set_rollback(True)
    return result
