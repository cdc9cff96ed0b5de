"""Digital Post (MeMo 1.1) notifications to subscribers of guides, topics and standards.

Modules: identity (CPR/CVR numbers), crypto (encryption and keyed hashes of those numbers),
services (writes: subscribe, unsubscribe, erasure), selectors (reads), memo (building and validating
MeMo messages), outbox (the "digital-post" event-log consumer), backends (file and HTTPS delivery),
dispatch (sending due messages), admin (the outbox in Wagtail). A local Digital Post receiver for tests,
benchmarks and development is tests/fakes/digital_post_endpoint.py.
"""
