"""Wagtail admin views of the syndication app (partners and API keys in partners.py; outbox.py: what the
webhook deliveries' and Digital Post messages' admins share).

Registered from syndication/wagtail_hooks.py; nothing is imported here, so that Django's admin
autodiscovery (which imports every app's `admin` module) stays free of Wagtail view imports.
"""
