"""Reads: the editors' report (per page, per responsible authority), the SDG export rows, and the score search
ranking may use (``helpfulness_scores``)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from content_models.kinds import registry
from content_models.models import SelfServiceLinkPage, Standard

from .models import PageFeedback

NO_OWNER = "Ingen ansvarlig myndighed angivet"
COMMENTS_PER_PAGE = 5


@dataclass
class Tally:
    yes: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def satisfaction(self) -> int | None:
        """Per cent "ja", rounded; None without answers."""
        return round(100 * self.yes / self.total) if self.total else None


@dataclass
class PageRow(Tally):
    kind: str = ""
    object_id: str = ""
    title: str = ""
    path: str = ""
    language: str = ""
    owner: str = NO_OWNER
    last_at: datetime.datetime | None = None
    comments: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return registry.get(self.kind).label if self.kind in registry.codes() else self.kind


@dataclass
class OwnerRow(Tally):
    owner: str = ""
    pages: int = 0


def since(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _owners(keys) -> dict[tuple[str, str], str]:
    """The responsible authority of each (kind, id) where the content names one (its owner, a link's authority, a
    standard's owner)."""
    ids = defaultdict(list)
    for kind, object_id in keys:
        if object_id.isdigit():
            ids[kind].append(int(object_id))
    found = {}
    links = SelfServiceLinkPage.objects.filter(pk__in=ids["self_service_link"], authority__isnull=False)
    for pk, name in links.values_list("pk", "authority__name"):
        found[("self_service_link", str(pk))] = name
    # The content owner (every page kind) comes before a link's authority.
    for kind in registry.where(citizen_page=True):
        owned = kind.model.objects.filter(pk__in=ids[kind.code], content_owner__isnull=False)
        for pk, name in owned.values_list("pk", "content_owner__name"):
            found[(kind.code, str(pk))] = name
    for pk, owner in Standard.objects.filter(pk__in=ids["standard"]).exclude(owner="").values_list("pk", "owner"):
        found[("standard", str(pk))] = owner
    return found


def page_report(days: int = 90) -> list[PageRow]:
    """One row per page and language with answers in the last ``days`` days, least satisfied first."""
    recent = PageFeedback.objects.filter(created_at__gte=since(days))
    grouped = recent.values("kind", "object_id", "language").annotate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)), last_at=Max("created_at"),
    )
    rows = {}
    for group in grouped:
        key = (group["kind"], group["object_id"], group["language"])
        rows[key] = PageRow(yes=group["yes"], no=group["no"], kind=group["kind"], object_id=group["object_id"],
                            language=group["language"], last_at=group["last_at"])
    # The newest title and address, and the newest comments, of each row.
    for answer in recent.order_by("-created_at").only("kind", "object_id", "language", "title", "path", "comment",
                                                      "helpful", "created_at"):
        row = rows[(answer.kind, answer.object_id, answer.language)]
        if not row.title:
            row.title, row.path = answer.title, answer.path
        if answer.comment and len(row.comments) < COMMENTS_PER_PAGE:
            row.comments.append(answer)
    owners = _owners({(row.kind, row.object_id) for row in rows.values()})
    for row in rows.values():
        row.owner = owners.get((row.kind, row.object_id), NO_OWNER)
    return sorted(rows.values(), key=lambda r: (r.satisfaction, -r.total, r.title.casefold()))


def owner_report(pages: list[PageRow]) -> list[OwnerRow]:
    owners: dict[str, OwnerRow] = {}
    for page in pages:
        row = owners.setdefault(page.owner, OwnerRow(owner=page.owner))
        row.yes, row.no, row.pages = row.yes + page.yes, row.no + page.no, row.pages + 1
    return sorted(owners.values(), key=lambda r: (r.owner == NO_OWNER, r.owner.casefold()))


def export_rows(days: int = 90):
    """Every answer of the last ``days`` days, oldest first, for the SDG export (frontend/feedback/sdg.py)."""
    return PageFeedback.objects.filter(created_at__gte=since(days)).order_by("created_at", "pk").iterator()


def helpfulness_scores(kind: str | None = None, min_answers: int = 5, days: int = 365) -> dict[tuple[str, str], float]:
    """{(kind, object_id): score} for search ranking: the share of "ja" answers, smoothed towards 0.5
    ((yes + 1) / (total + 2)) so a page with two answers is not ranked on them. Pages with fewer than
    ``min_answers`` answers are left out (no signal). Both languages count together.
    """
    queryset = PageFeedback.objects.filter(created_at__gte=since(days))
    if kind:
        queryset = queryset.filter(kind=kind)
    grouped = queryset.values("kind", "object_id").annotate(
        yes=Count("pk", filter=Q(helpful=True)), total=Count("pk")
    ).filter(total__gte=min_answers)
    return {(g["kind"], g["object_id"]): (g["yes"] + 1) / (g["total"] + 2) for g in grouped}
