"""A number of the results: a Decimal in Python, a JSON number (a float) in their JSON form."""

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer


def _as_float(value: Decimal) -> float:
    """`float` itself, as a Python function: pydantic reads a builtin's signature with inspect's tokenizer, and
    that cost every command line run a few milliseconds per model field."""
    return float(value)


JsonNumber = Annotated[Decimal, PlainSerializer(_as_float, return_type=float, when_used="json")]
