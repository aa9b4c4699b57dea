"""The staff console: its routes, its page views and its session cookie."""
