"""Which organisations have agreements in force with which: a matrix of counts and the
positions of a simple diagram (organisations on a circle, a line for each pair).

The diagram is drawn by the template as inline SVG with presentation attributes, so
it needs no script and no style attribute (the Content Security Policy allows both)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from infoshare.agreements import permissions
from infoshare.agreements.models import IN_FORCE, AgreementParty
from infoshare.partnerships.models import Organisation

WIDTH = 900
HEIGHT = 600
RADIUS = 210


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Link:
    a: Node
    b: Node
    count: int

    @property
    def stroke_width(self) -> int:
        return 1 + 2 * min(self.count, 4)


@dataclass
class AgreementMap:
    organisations: list[Organisation]
    rows: list[tuple[Organisation, list[int | None]]]
    nodes: list[Node]
    links: list[Link]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def has_links(self) -> bool:
        return bool(self.links)


def pair_counts(partnership_ids: set[int]) -> dict[tuple[int, int], int]:
    """(lower org id, higher org id) → number of agreements in force between them."""
    members: dict[int, set[int]] = defaultdict(set)
    rows = AgreementParty.objects.filter(
        agreement__partnership_id__in=partnership_ids,
        agreement__status__in=IN_FORCE,
        organisation__isnull=False,
    ).values_list("agreement_id", "organisation_id")
    for agreement_id, organisation_id in rows:
        members[agreement_id].add(organisation_id)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for orgs in members.values():
        for a, b in combinations(sorted(orgs), 2):
            counts[(a, b)] += 1
    return dict(counts)


def _layout(organisations: list[Organisation]) -> list[Node]:
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes = []
    total = max(len(organisations), 1)
    for index, organisation in enumerate(organisations):
        angle = -math.pi / 2 + 2 * math.pi * index / total
        x, y = cx + RADIUS * math.cos(angle), cy + RADIUS * math.sin(angle)
        lx, ly = cx + (RADIUS + 16) * math.cos(angle), cy + (RADIUS + 16) * math.sin(angle)
        if abs(x - cx) < 1:
            anchor = "middle"
            ly += -6 if y < cy else 18
        else:
            anchor = "start" if x > cx else "end"
            ly += 5
        nodes.append(
            Node(
                organisation.pk,
                organisation.name,
                round(x, 1),
                round(y, 1),
                round(lx, 1),
                round(ly, 1),
                anchor,
            )
        )
    return nodes


def agreement_map_for(user: Any) -> AgreementMap:
    partnership_ids = permissions.partnership_ids_of(user)
    organisations = list(
        Organisation.objects.filter(partnership_id__in=partnership_ids, is_active=True).order_by(
            "name"
        )
    )
    counts = pair_counts(partnership_ids)
    rows: list[tuple[Organisation, list[int | None]]] = []
    for row in organisations:
        cells: list[int | None] = []
        for column in organisations:
            if row.pk == column.pk:
                cells.append(None)
            else:
                key = (min(row.pk, column.pk), max(row.pk, column.pk))
                cells.append(counts.get(key, 0))
        rows.append((row, cells))
    nodes = _layout(organisations)
    by_id = {node.id: node for node in nodes}
    links = [
        Link(by_id[a], by_id[b], count)
        for (a, b), count in sorted(counts.items())
        if a in by_id and b in by_id
    ]
    return AgreementMap(organisations, rows, nodes, links)
