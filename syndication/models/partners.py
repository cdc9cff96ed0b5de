"""Partners (municipal websites, portals, integrators) and their API keys."""

from django.db import models


class Partner(models.Model):
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    contact_email = models.EmailField("kontakt-e-mail", blank=True)
    municipality = models.ForeignKey(
        "content_models.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="partners",
        verbose_name="kommune", help_text="For en kommunes hjemmeside: kommunen.",
    )
    allowed_origins = models.TextField(
        "tilladte oprindelser (CORS)", blank=True, help_text="Én oprindelse pr. linje, fx https://www.aarhus.dk"
    )
    requests_per_minute = models.PositiveIntegerField("forespørgsler pr. minut", default=600)
    is_active = models.BooleanField("aktiv", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "partner"
        verbose_name_plural = "partnere"

    def __str__(self):
        return self.name

    @property
    def origins(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()]


class PartnerKey(models.Model):
    """An API key; only its sha256 is stored, the key itself is shown once when created."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="keys")
    name = models.CharField("navn", max_length=100, blank=True)
    prefix = models.CharField("præfiks", max_length=16, unique=True, help_text="Første del af nøglen, til genkendelse.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)
    last_used_at = models.DateTimeField("senest brugt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"

    def __str__(self):
        return f"{self.partner} · {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.partner.is_active
