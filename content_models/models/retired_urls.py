"""Addresses of unpublished pages that answer 410 Gone (the redirect alternative is Wagtail's Redirect)."""

from django.db import models


class GonePath(models.Model):
    old_path = models.CharField("gammel adresse", max_length=255, unique=True)
    title = models.CharField("titel", max_length=255, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        verbose_name = "fjernet adresse"
        verbose_name_plural = "fjernede adresser"

    def __str__(self):
        return self.old_path
