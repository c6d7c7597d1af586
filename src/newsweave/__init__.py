"""newsweave: what many news articles about the same events agree on, and where they differ."""

__version__ = "0.1.0"
