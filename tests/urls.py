"""Walks the URL resolver: every route, with its namespaced name and a sample path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str

    def sample_path(self, **values: object) -> str:
        """A concrete path with each converter filled: ints with 1 (or a value given)."""
        path = "/" + self.pattern

        def fill(match: re.Match[str]) -> str:
            kind, name = match.group(1) or "str", match.group(2)
            if name in values:
                return str(values[name])
            return "1" if kind == "int" else "x"

        path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, path)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), "x1")), path)
        return path.replace("^", "").replace("$", "").replace("\\", "")


def all_routes() -> Iterator[Route]:
    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else entry.lookup_str
                yield Route(name, prefix + str(entry.pattern))

    yield from walk(get_resolver(), "", "")
