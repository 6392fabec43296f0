"""The partnership board's view: aggregate figures only, small numbers suppressed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from infoshare.core.roles import Role
from infoshare.governance import board as figures
from infoshare.governance import permissions


def board(request: HttpRequest) -> HttpResponse:
    partnerships = permissions.partnerships_where(
        request.user, Role.BOARD_MEMBER, Role.PARTNERSHIP_ADMIN
    )
    return render(request, "governance/board.html", figures.board_overview(partnerships))
