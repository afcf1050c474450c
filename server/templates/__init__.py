"""The server's HTML pages: Jinja2 templates in this folder, rendered with autoescape on.

Every value put into a page is escaped by Jinja2; a page never glues strings
with a hand-called ``escape()``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

# StrictUndefined: a misspelt name fails the render (and its test) instead of printing nothing.
ENVIRONMENT = Environment(
    loader=PackageLoader("server", "templates"),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(name: str, **context: Any) -> str:
    return ENVIRONMENT.get_template(name).render(**context)
