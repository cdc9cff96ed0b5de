"""What every page kind carries about its own life: an owner, a review date, its last major update.

``last_major_update_at`` ("Sidst opdateret" for citizens) and the review date's default are set when a page is
published (content_models.lifecycle.publishing); a revision never carries them back, so restoring an old draft
cannot move the public date.
"""

from django.db import models

MAJOR_UPDATE_LABEL = "Væsentlig ændring"
MAJOR_UPDATE_HELP = (
    "Sæt kun hak, når ændringen er vigtig for læserne: datoen »Sidst opdateret« flyttes, og ændringsnoten vises, "
    "når den publiceres."
)


class LifecycleMixin(models.Model):
    # Page.owner is Wagtail's (the user who created the page); this is the authority that owns the content.
    content_owner = models.ForeignKey(
        "content_models.Authority", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="ejer", help_text="Den myndighed, der står inde for indholdet.",
    )
    review_by = models.DateField(
        "gennemgås senest", null=True, blank=True,
        help_text="Tom: 12 måneder efter publicering. Siden vises på redaktørernes oversigt, når datoen nærmer sig.",
    )
    # Recorded in the publish event (details["major"]); the Digital Post consumer notifies subscribers of majors.
    major_update = models.BooleanField(MAJOR_UPDATE_LABEL, default=False, help_text=MAJOR_UPDATE_HELP)
    change_note = models.TextField(
        "ændringsnote", blank=True,
        help_text="Vises offentligt under »Sidst opdateret« ved en væsentlig ændring, fx »Nye regler for ...«.",
    )
    last_major_update_at = models.DateTimeField("sidst opdateret", null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def with_content_json(self, content):
        # The page row, not a revision, knows when the last major update went live.
        obj = super().with_content_json(content)
        obj.last_major_update_at = self.last_major_update_at
        return obj
