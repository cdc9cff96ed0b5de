"""Harvesting a standards catalogue: its lines go through the import pipeline, restricted to standards.

The pipeline (content_models.importing) validates, upserts by identifier, publishes through
the publishing services (so events are appended) and leaves unchanged standards alone.
This module adds what a harvest needs on top: only ``standard`` lines, optionally
withdrawing (unpublishing) live standards the catalogue no longer lists, and a report by
identifier.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from content_models.importing.apply import CREATED, DELETED, UNCHANGED, UNPUBLISHED, UPDATED
from content_models.importing.reader import read_lines
from content_models.importing.runner import LineError, Progress, run_import, validate
from content_models.models import Standard

KIND = "standard"


class HarvestRefused(Exception):
    """The harvest would do something drastic that the catalogue cannot mean; nothing was changed."""


@dataclass
class CatalogueData:
    """A catalogue as import-format JSON Lines, whose line N is line N of the source (blank lines pad),
    and the problems already found while reading the source."""

    data: bytes
    errors: list[LineError] = field(default_factory=list)


@dataclass
class HarvestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)  # by the catalogue ("live": false)
    deleted: list[str] = field(default_factory=list)  # by the catalogue ("delete": true)
    withdrawn: list[str] = field(default_factory=list)  # live, but missing from the catalogue
    errors: list[LineError] = field(default_factory=list)
    applied: bool = False  # False: nothing was written because of errors
    dry_run: bool = False

    @property
    def changed(self) -> int:
        return sum(len(ids) for ids in (self.created, self.updated, self.unpublished, self.deleted, self.withdrawn))

    @property
    def invalid_lines(self) -> int:
        return len({error.line for error in self.errors})


def _shown(value) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value)


def _standard_lines(catalogue: CatalogueData) -> tuple[list[bytes], dict[int, str], list[LineError], bool]:
    """The catalogue's lines with other kinds blanked out, the identifier of each standard line by line
    number, the kind errors, and whether the catalogue has any line at all."""
    rows = catalogue.data.split(b"\n")  # as reader.read_lines numbers them
    identifiers: dict[int, str] = {}
    errors: list[LineError] = []
    any_line = False
    for raw in read_lines(catalogue.data):
        any_line = True
        if raw.problem or not isinstance(raw.value, dict):
            continue  # the pipeline reports it
        kind = raw.value.get("kind")
        if kind != KIND:
            if kind is None:
                message = 'required field is missing; a catalogue holds only "kind": "standard" lines'
            else:
                message = (f"only standard lines can be harvested, got {_shown(kind)}; "
                           "import other kinds with import_content")
            errors.append(LineError(raw.number, "kind", message))
            # Blanked, so that the pipeline neither checks nor applies it (line numbers stay).
            rows[raw.number - 1] = b""
            continue
        identifier = raw.value.get("identifier")
        if isinstance(identifier, str):
            identifiers[raw.number] = identifier
    return rows, identifiers, errors, any_line or bool(catalogue.errors)


def _withdrawals(present: Iterable[str]) -> list[str]:
    return list(
        Standard.objects.filter(live=True).exclude(identifier__in=set(present))
        .order_by("identifier").values_list("identifier", flat=True)
    )


def harvest(catalogue: CatalogueData, *, dry_run: bool = False, withdraw_missing: bool = False,
            progress: Progress | None = None) -> HarvestReport:
    """Bring the standards to ``catalogue``: all or nothing; ``dry_run`` applies, then rolls back.

    Raises ImportFailed (from the pipeline) when applying a valid line fails, HarvestRefused
    when ``withdraw_missing`` is asked for with an empty catalogue.
    """
    report = HarvestReport(dry_run=dry_run)
    rows, identifiers, kind_errors, any_line = _standard_lines(catalogue)
    errors = [*catalogue.errors, *kind_errors]
    if withdraw_missing and not any_line:
        raise HarvestRefused("the catalogue is empty; refusing to withdraw every published standard "
                             "(check the source, or harvest without --withdraw-missing)")

    # One transaction: the standards found missing are exactly those the import then sees.
    with transaction.atomic():
        withdrawn_on: dict[int, str] = {}
        if withdraw_missing:
            for identifier in _withdrawals(identifiers.values()):
                # Withdrawal is an ordinary unpublish line, so it takes the pipeline's path (and events).
                rows.append(json.dumps({"kind": KIND, "identifier": identifier, "live": False}).encode())
                withdrawn_on[len(rows)] = identifier
        data = b"\n".join(rows)

        if errors:
            # Report the pipeline's findings on the remaining lines too, but apply nothing.
            _, pipeline_errors, _ = validate(data)
            report.errors = sorted([*errors, *pipeline_errors], key=lambda error: error.line)
            return report
        result = run_import(data, dry_run=dry_run, progress=progress)
        if result.errors:
            report.errors = result.errors
            return report

    report.applied = True
    action_on = {change.line: change.action for change in result.changes}
    lists = {CREATED: report.created, UPDATED: report.updated, UNCHANGED: report.unchanged,
             UNPUBLISHED: report.unpublished, DELETED: report.deleted}
    for number, identifier in sorted(identifiers.items()):
        lists[action_on.get(number, UNCHANGED)].append(identifier)
    for number, identifier in withdrawn_on.items():
        (report.withdrawn if action_on.get(number) == UNPUBLISHED else report.unchanged).append(identifier)
    return report
