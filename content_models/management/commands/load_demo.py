"""Load the Danish demo content and demo accounts (idempotent: run it as often as you like)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.settings.env import env
from content_models.demo.images import ensure_demo_images
from content_models.demo.users import ensure_demo_users
from search.demo import ensure_search_demo

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "data" / "demo_content.jsonl"


class Command(BaseCommand):
    help = "Load demo content (guides, eServices, step-by-step guides, teaching modules, standards) and demo users."

    def handle(self, *args, **options):
        self.stdout.write(f"Importerer demoindhold fra {DEMO_FILE.name} ...")
        call_command("import_content", str(DEMO_FILE), stdout=self.stdout, stderr=self.stderr)
        images, pages = ensure_demo_images()
        self.stdout.write(f"Billeder: {images} tegninger med alternativ tekst; {pages} sider fik et billede.")
        self.stdout.write("Søgning: synonymer, fremhævede resultater og indeks ...")
        ensure_search_demo()
        call_command("run_worker", "--once", stdout=self.stdout, stderr=self.stderr)
        password, accounts = ensure_demo_users(env("DEMO_ADMIN_PASSWORD", default=None))
        self.stdout.write(self.style.SUCCESS("Demo klar. Log ind på /admin/ med:"))
        for username, role in accounts:
            self.stdout.write(f"  {username:<18} ({role})")
        self.stdout.write(f"  adgangskode: {password}")
