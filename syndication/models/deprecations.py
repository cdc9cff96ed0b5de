"""How often each partner key used each deprecated field per day (counts only), and the notices sent about it."""

from django.db import models

from .partners import Partner, PartnerKey


class DeprecatedFieldUsage(models.Model):
    """Requests of one key on one day that selected one deprecated field. No query text, no variables."""

    key = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="deprecated_usage",
                            verbose_name="API-nøgle")
    field = models.CharField("felt", max_length=200)  # "Type.field"
    day = models.DateField("dag")
    count = models.PositiveIntegerField("forespørgsler", default=0)
    last_seen_at = models.DateTimeField("senest brugt")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "field", "day"], name="deprecated_usage_per_day")]
        indexes = [models.Index(fields=["field", "day"], name="deprecated_usage_field_day")]
        verbose_name = "brug af udfaset felt"
        verbose_name_plural = "brug af udfasede felter"

    def __str__(self):
        return f"{self.key} · {self.field} · {self.day}: {self.count}"


class DeprecationNotice(models.Model):
    """An e-mail to a partner's contact that a field its keys use goes away; one per field and stage."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="deprecation_notices",
                                verbose_name="partner")
    field = models.CharField("felt", max_length=200)
    days_before = models.PositiveSmallIntegerField("dage før udfasning")
    recipient = models.EmailField("modtager")
    sent_at = models.DateTimeField("sendt", auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "field", "days_before"], name="deprecation_notice_once"),
        ]
        verbose_name = "varsel om udfasning"
        verbose_name_plural = "varsler om udfasning"
