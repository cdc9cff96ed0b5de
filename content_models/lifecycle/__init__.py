"""Content that stays correct over time: owners and review dates, last major updates, outdated local texts,
and old URLs that keep answering (redirects, gone)."""
