"""Link health: which outbound links the portal shows, whether they work, and who owns the broken ones.

- addresses: the SSRF guard (which hosts the checker may contact);
- collect: every URL in self-service links, municipal URLs and rich text;
- checker: polite HTTP checks (HEAD then GET, per-host concurrency, time-outs, a time budget);
- services: a run: collect, check what is due, store the status and its history, back off on failures;
- selectors: a URL's status for GraphQL and the dashboards.
"""
