"""Deprecated fields in use: counting per partner key, refusing them after the sunset, telling partners before."""
