from django.db import models


class PersistedQuery(models.Model):
    """A query registered by its sha256, so clients can GET it by hash (cacheable, short URLs)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    query = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gemt forespørgsel"
        verbose_name_plural = "gemte forespørgsler"

    def __str__(self):
        return self.sha256[:12]
