"""The topology's settings: production's, plus the one thing a topology on one machine needs.

The webhook partner (the load generator's receiver) listens on 127.0.0.1, an address production refuses to send
to (cms/outbound.py); here it is allowed. Everything else is cms.settings.production as deploy/ runs it.
"""

from cms.settings.production import *  # noqa: F403

OUTBOUND_ALLOW_LOOPBACK = True
