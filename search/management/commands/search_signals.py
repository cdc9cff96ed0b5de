"""Recompute the bounded ranking factor from clicks and "Var denne side nyttig?" (search/signals.py); run daily."""

from django.core.management.base import BaseCommand

from search import signals


class Command(BaseCommand):
    help = "Beregn søgningens signaler (klik og 'Var denne side nyttig?') og opdatér rangeringen."

    def handle(self, *args, **options):
        changed = signals.apply()
        self.stdout.write(f"{changed} dokumenter fik en ny signalvægt.")
