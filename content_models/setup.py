"""What every installation needs after migrating: editor groups, workflow, the content tree."""

import logging

from .roles import ensure_editorial_groups
from .site_structure import ensure_site_structure

logger = logging.getLogger(__name__)


def on_post_migrate(sender, using="default", **kwargs):
    # Apps after this one in INSTALLED_APPS (search, syndication) give the groups permissions
    # too: create every app's permissions now (idempotent), not when their own signal comes.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_site_structure()
    ensure_editorial_groups()
