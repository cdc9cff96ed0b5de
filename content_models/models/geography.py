"""Danish geography: the 5 regions and 98 municipalities, loaded as reference data by a migration."""

from django.contrib.auth.models import Group
from django.db import models


def normalise_municipality_code(code: str | int) -> str:
    """Official codes are 3 digits ("101"); zero-padded 4-digit forms ("0101") are accepted."""
    text = str(code).strip()
    if len(text) == 4 and text.startswith("0"):
        text = text[1:]
    return text


class Region(models.Model):
    code = models.CharField("regionskode", max_length=4, unique=True)
    name = models.CharField("navn", max_length=100)
    nuts2 = models.CharField("NUTS2", max_length=4, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "region"
        verbose_name_plural = "regioner"

    def __str__(self):
        return self.name


class Municipality(models.Model):
    code = models.CharField("kommunekode", max_length=3, unique=True)
    name = models.CharField("navn", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    # The municipality's own editor group; members edit only this municipality's local variants.
    editor_group = models.OneToOneField(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="editor_municipality"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self):
        return self.name

    @property
    def code4(self) -> str:
        return self.code.zfill(4)
