"""Reporting: results rendered as a table, Markdown, CSV, JSON or one HTML page, and written whole or not at all."""
