"""The portal's own tables outside the content: the audit trail of editor role decisions made at SSO logins."""

from django.conf import settings
from django.db import models


class EditorRoleDecision(models.Model):
    """One decision the SSO login made about an editor's groups (cms/sso/roles.py): what the attributes said, what
    was granted or why it was refused. The organisation's CVR is kept only when it is an authority's (public);
    nothing else about the person is stored here, and the log line of a decision carries no personal data."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", "Tildelt"
        REFUSED = "refused", "Afvist"

    decided_at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    source = models.CharField("login-tjeneste", max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="bruger",
    )
    organisation_cvr = models.CharField("organisationens CVR-nummer", max_length=8, blank=True)
    editor_privilege = models.BooleanField("redaktørrettighed", null=True, help_text="Tom: ikke krævet.")
    approver_privilege = models.BooleanField("godkenderrettighed", null=True, help_text="Tom: ikke krævet.")
    outcome = models.CharField("afgørelse", max_length=16, choices=Outcome.choices)
    reason = models.CharField("begrundelse", max_length=64)
    granted_groups = models.JSONField("tildelte grupper", default=list)
    removed_groups = models.JSONField("fjernede grupper", default=list)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "rolletildeling ved SSO-login"
        verbose_name_plural = "rolletildelinger ved SSO-login"

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.reason})"
