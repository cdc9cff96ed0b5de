"""The letters besides a single major update (memo.Notice): a withdrawal notice and a digest.

Both have memo.Notice's shape, so memo.build makes and validates them the same way. Their text is built from
what was stored when the change was queued, so a rebuilt letter is byte for byte the same.
"""

from dataclasses import dataclass
from datetime import datetime

from .memo import NOTIFICATION_LIMIT, TEXT_LIMIT, clip

SIGN_OFF = "Du kan til enhver tid ændre eller afmelde dine abonnementer under »Mine abonnementer« på portalen."


@dataclass(frozen=True)
class Withdrawal:
    """A followed guide or standard was taken off the portal (unpublished) or deleted."""

    title: str
    kind_label: str  # "vejledningen", "standarden"
    deleted: bool
    url: str  # the subscriber's subscriptions page
    sender_cvr: str
    sender_name: str
    created_at: datetime

    filename = "fjernet.txt"

    @property
    def label(self) -> str:
        return clip(f"{self.title} er fjernet fra portalen", TEXT_LIMIT)

    @property
    def notification(self) -> str:
        return clip(f"{self.title} er fjernet fra portalen", NOTIFICATION_LIMIT)

    def text(self, reason: str) -> str:
        what = ("er slettet fra portalen, så du får ikke flere beskeder om den"
                if self.deleted else "er ikke længere offentliggjort på portalen")
        return (
            "Kære abonnent\n\n"
            f"{self.kind_label.capitalize()} »{self.title}«, som du abonnerer på, {what}.\n\n"
            f"Du får denne besked, fordi du abonnerer på {reason}. {SIGN_OFF}\n\n"
            f"Venlig hilsen\n{self.sender_name}\n"
        )


@dataclass(frozen=True)
class DigestLine:
    change: str  # DigestItem.Change: "changed" or "withdrawn"
    title: str
    url: str
    reason: str


@dataclass(frozen=True)
class Digest:
    """Every change a daily or weekly subscriber follows, in one letter."""

    lines: tuple[DigestLine, ...]
    period: str  # "dagen 1. december 2026", "ugen 48, 2026"
    url: str  # the subscriber's subscriptions page
    sender_cvr: str
    sender_name: str
    created_at: datetime

    filename = "oversigt.txt"

    @property
    def _count(self) -> str:
        return "1 ændring" if len(self.lines) == 1 else f"{len(self.lines)} ændringer"

    @property
    def label(self) -> str:
        return clip(f"Oversigt over {self._count} for {self.period}", TEXT_LIMIT)

    @property
    def notification(self) -> str:
        return clip(f"{self._count} i det, du følger", NOTIFICATION_LIMIT)

    def text(self, reason: str = "") -> str:
        changed = [line for line in self.lines if line.change == "changed"]
        withdrawn = [line for line in self.lines if line.change == "withdrawn"]
        parts = ["Kære abonnent\n\n", f"Her er en oversigt over {self._count} for {self.period}.\n\n"]
        if changed:
            parts.append("Ændret væsentligt:\n")
            parts += [f"- {line.title}: {line.url} (du abonnerer på {line.reason})\n" for line in changed]
            parts.append("\n")
        if withdrawn:
            parts.append("Fjernet fra portalen:\n")
            parts += [f"- {line.title} (du abonnerede på {line.reason})\n" for line in withdrawn]
            parts.append("\n")
        parts.append(f"{SIGN_OFF}\n\nVenlig hilsen\n{self.sender_name}\n")
        return "".join(parts)
