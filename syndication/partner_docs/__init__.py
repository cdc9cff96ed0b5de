"""The partner guide (docs/partners.md, docs/webhooks.md): its runnable examples, and the guide served as HTML."""
