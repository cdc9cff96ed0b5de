"""What every installation needs after migrating: editor groups, workflow, the content tree."""

import logging

from .roles import ensure_editorial_groups
from .site_structure import ensure_site_structure

logger = logging.getLogger(__name__)


def on_post_migrate(sender, using="default", **kwargs):
    # Runs after auth and Wagtail have created their permissions (they come first
    # in INSTALLED_APPS), so the groups can be given them.
    ensure_site_structure()
    ensure_editorial_groups()
