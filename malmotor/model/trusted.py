"""Models built from values that are already what their fields hold, without validating them again.

Interpreting, deciding and presenting a chunk of 10 000 keys builds some 80 000 models (observations,
inputs, verdicts, `IndicatorResult`, `Comparison`, the summaries' items) from values pydantic has validated,
from the scorecard's own values and from texts made by malmotor. Validating them again (~8 µs an `IndicatorResult`) changes nothing: a value that is
already a `Decimal`, a `Period`, a `Level`, a `str` or a model instance is kept as it is (a tuple is copied
into an equal tuple). pydantic's `model_construct` would skip the validation, but its loop over the fields'
aliases costs more than the validation itself; `trusted` does what it does, for a model without aliases,
validators or private attributes (checked once per model class).

Only for values of the field's own type: tests/test_present_caches.py builds the result models of the
golden cases both ways and compares them field by field, with the types.
"""

from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class _Layout(NamedTuple):
    names: tuple[str, ...]  # every field, in the model's order
    required: frozenset[str]
    # every field in order with its default (required ones with None, always given), when every default is a
    # value that can be shared: then a model built from some of its fields is this, updated; else None
    template: dict[str, Any] | None


def trusted(model: type[M], /, **values: Any) -> M:
    """`model(**values)` without validation. Given every field in the model's order (as the presenting code
    gives them), the values are the instance's fields as they are; else they are put in that order, with the
    defaults of those not given. A missing required field or an unknown one is a TypeError, as validation
    would refuse it."""
    layout = _layout(model)
    fields = values if tuple(values) == layout.names else _ordered(model, layout, values)
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", fields)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


def _ordered(model: type[BaseModel], layout: _Layout, values: dict[str, Any]) -> dict[str, Any]:
    if unknown := set(values) - set(layout.names):
        raise TypeError(f"{model.__name__}: unknown fields {sorted(unknown)}")
    if missing := layout.required - set(values):
        raise TypeError(f"{model.__name__}: missing fields {sorted(missing)}")
    if layout.template is not None:
        fields = dict(layout.template)
        fields.update(values)
        return fields
    fields: dict[str, Any] = {}
    for name in layout.names:
        fields[name] = values[name] if name in values else \
            model.__pydantic_fields__[name].get_default(call_default_factory=True, validated_data=fields)
    return fields


@lru_cache(maxsize=None)  # one entry per model class: a handful
def _layout(model: type[BaseModel]) -> _Layout:
    """The model's fields; refused for a model that validation would do more for than check types
    (validators, aliases, private attributes, a post-init, extra fields)."""
    decorators = model.__pydantic_decorators__
    if (decorators.validators or decorators.field_validators or decorators.root_validators or
            decorators.model_validators or model.__private_attributes__ or model.__pydantic_post_init__ or
            model.__pydantic_root_model__ or model.model_config.get("extra") == "allow"):
        raise TypeError(f"{model.__name__} transforms what it validates: build it with validation")
    for name, field in model.__pydantic_fields__.items():
        if field.alias not in (None, name) or field.validation_alias not in (None, name):
            raise TypeError(f"{model.__name__}.{name} has an alias: build it with validation")
    fields = model.__pydantic_fields__
    shared = all(field.is_required() or (field.default_factory is None and _immutable(field.default))
                 for field in fields.values())
    return _Layout(tuple(fields), frozenset(name for name, field in fields.items() if field.is_required()),
                   {name: None if field.is_required() else field.default for name, field in fields.items()}
                   if shared else None)


def _immutable(value: Any) -> bool:
    """A default that every instance may hold itself, as pydantic would give it (it copies only mutable ones)."""
    if isinstance(value, tuple):
        return all(_immutable(item) for item in value)
    return value is None or isinstance(value, (bool, int, float, str, bytes, Decimal, Enum, frozenset)) or \
        (isinstance(value, BaseModel) and value.model_config.get("frozen", False))
