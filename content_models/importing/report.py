"""The text an import prints: a table of counts per kind and action, and one summary line."""

from .apply import CREATED, DELETED, UNCHANGED, UNPUBLISHED, UPDATED
from .runner import INVALID, UNKNOWN_KIND, Change, ImportResult
from . import kinds

COLUMNS = (CREATED, UPDATED, UNCHANGED, UNPUBLISHED, DELETED, INVALID)
_VERB = {CREATED: "create", UPDATED: "update", UNPUBLISHED: "unpublish", DELETED: "delete"}


def count_table(result: ImportResult) -> list[str]:
    shown = [kind for kind in (*kinds.codes(), UNKNOWN_KIND) if any(result.counts[(kind, a)] for a in COLUMNS)]
    rows = [f"{'kind':<18}" + "".join(f"{column:>12}" for column in COLUMNS)]
    for kind in shown:
        rows.append(f"{kind:<18}" + "".join(f"{result.counts[(kind, column)]:>12}" for column in COLUMNS))
    rows.append(f"{'total':<18}" + "".join(f"{result.total(column):>12}" for column in COLUMNS))
    return rows


def change_line(change: Change, dry_run: bool) -> str:
    verb = f"would {_VERB[change.action]}" if dry_run else change.action
    return f"line {change.line}: {verb} {change.label}"


def summary(result: ImportResult) -> str:
    if not result.applied:
        return (f"Nothing imported: {result.invalid} invalid line(s). Fix them, or use --skip-invalid to import "
                "the valid lines.")
    counts = f"{result.unchanged} unchanged, {result.invalid} invalid"
    if result.invalid:
        counts += " (skipped)"
    if result.dry_run:
        return f"Dry run, rolled back: {result.changed} would change, {counts}. Nothing was saved."
    return f"Imported: {result.changed} changed, {counts}."
