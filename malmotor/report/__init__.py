"""Reporting: results rendered as a table, Markdown, CSV or JSON, and written whole or not at all."""
