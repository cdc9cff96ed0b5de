"""Load the 5 regions and 98 municipalities from the CSVs shipped in content_models/data/dk-geography."""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "dk-geography"


def load_geography(apps, schema_editor):
    Region = apps.get_model("content_models", "Region")
    Municipality = apps.get_model("content_models", "Municipality")
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Region.objects.update_or_create(
                code=row["regionskode"], defaults={"name": row["regionsnavn"], "nuts2": row["nuts2"]}
            )
    regions = {region.code: region for region in Region.objects.all()}
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Municipality.objects.update_or_create(
                code=row["kommunekode"],
                defaults={"name": row["kommunenavn"], "region": regions[row["regionskode"]]},
            )


class Migration(migrations.Migration):
    dependencies = [("content_models", "0001_initial")]

    operations = [migrations.RunPython(load_geography, migrations.RunPython.noop)]
