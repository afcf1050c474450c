"""Reading a TOML settings file into a pydantic model, every mistake one line: the file, the key, the fix.

The person reading the message is a technician at a commune office, not the
author of the code, so pydantic's own wording is translated here:

    /etc/onestop/office.toml: services[1].label: 'b-##' must be … Fix: write e.g. label = "A###"

A field may carry its own fix (``setting(..., fix="…")``); a validator names
its problem and fix with ``problem()``; every other mistake gets a fix made
from the key (``write e.g. port = 1``).
"""

from __future__ import annotations

import tomllib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError
from pydantic_core import PydanticCustomError

from server.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class Table(BaseModel):
    """A table of a settings file."""

    # strict: TOML already has types, "8" is not a number; unknown keys are left alone (comments of sorts).
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


def setting(default: Any = ..., *, fix: str | None = None, **constraints: Any) -> Any:
    """A field of a settings model; ``fix`` says how to correct any mistake in it."""
    extra: dict[str, JsonValue] | None = {"fix": fix} if fix else None
    return Field(default, json_schema_extra=extra, **constraints)


def problem(problem: str, fix: str, key: str | None = None) -> PydanticCustomError:
    """Raise from a validator: what is wrong and how to fix it; ``key`` when a model-wide check names its own."""
    return PydanticCustomError("config", "{problem}. Fix: {fix}", {"problem": problem, "fix": fix, "key": key or ""})


def read_toml(path: Path, missing: str) -> dict[str, Any]:
    """The file's tables; ``missing`` is what to say when it does not exist."""
    if not path.exists():
        raise ConfigError(f"{path}: {missing}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix: correct the syntax at that line") from None


def parse(path: Path, model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise explain(path, model, exc) from None


def key_of(loc: Sequence[int | str]) -> str:
    """("services", 1, "label") → services[1].label"""
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else f".{part}" if key else str(part)
    return key


def explain(path: Path, model: type[BaseModel], exc: ValidationError) -> ConfigError:
    error = exc.errors(include_url=False)[0]
    loc = [part for part in error["loc"] if part not in _WRAPPERS]
    ctx = error.get("ctx") or {}
    key = ctx.get("key") or key_of(loc)
    if error["type"] == "config":
        return ConfigError(f"{path}: {key}: {ctx['problem']}. Fix: {ctx['fix']}")
    name = str(next((part for part in reversed(loc) if isinstance(part, str)), key))
    value = error.get("input")
    words, fix = _generic(error["type"], ctx, name, key, value)
    own_fix = _field_fix(model, loc)
    return ConfigError(f"{path}: {key}: {words}. Fix: {own_fix or fix}")


# Steps pydantic adds to a location that are not keys of the file (a union's branch, a validator's name).
_WRAPPERS = {"function-after[_check()]", "function-before[_check()]"}


def _generic(kind: str, ctx: dict[str, Any], name: str, key: str, value: Any) -> tuple[str, str]:
    if kind == "missing":
        return "is missing", f"add {name} = … under [{key.rpartition('.')[0] or 'the top'}]"
    if kind == "extra_forbidden":
        return "is not a setting", f"remove {name} or check its spelling"
    if kind in ("string_type", "string_too_short"):
        return f"must be non-empty text, got {value!r}", 'write it in quotes: "…"'
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt", 1))
        return f"must be a number ≥ {bound}, got {value!r}", f"write e.g. {name} = {max(float(bound), 1):g}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"must be a number ≤ {bound}, got {value!r}", f"write e.g. {name} = {bound}"
    if kind in ("int_type", "float_type", "int_from_float", "float_parsing", "int_parsing"):
        return f"must be a number, got {value!r}", f"write e.g. {name} = 1"
    if kind == "bool_type":
        return f"must be true or false, got {value!r}", f"write {name} = true"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a table", f"write it as [{key}]"
    if kind in ("list_type", "tuple_type"):
        return "must be a list", f"write [[{name}]] blocks or {name} = [ … ]"
    if kind == "literal_error":
        return f"{value!r} is not one of {ctx.get('expected')}", f"use one of {ctx.get('expected')}"
    return f"{value!r} is not valid", f"see the configuration reference in the README for {name}"


def _field_fix(model: type[BaseModel], loc: Sequence[int | str]) -> str | None:
    """The ``fix`` of the field at ``loc``, following nested models and lists of them."""
    current: Any = model
    fix: str | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return fix
        field = current.model_fields.get(part)
        if field is None:
            field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        extra = field.json_schema_extra
        own = extra.get("fix") if isinstance(extra, dict) else None
        fix = own if isinstance(own, str) else None
        current = _model_in(field.annotation)
    return fix


def _model_in(annotation: Any) -> Any:
    """The model a field holds: itself, or the item of a list/tuple/optional of it."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
