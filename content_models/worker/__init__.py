"""The worker: what `run_worker` does on every pass.

- registry: the event-log consumers (search indexers, webhooks, Digital Post) and the periodic tasks (sending
  due webhooks and messages, removing expired sessions), each registered by its app's ready();
- drain: each consumer reads the publishing event log from its own stored cursor, batch by batch;
- scheduled_publishing: Wagtail's scheduled publishing and expiry, with their events;
- throttle: periodic tasks that run at most once a period (expired sessions, deprecation notices).
"""
