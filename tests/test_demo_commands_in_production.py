"""The demo commands (``seed_demo``, every ``seed_demo_*``, ``demo_code``) refuse to run
in production: the demo sign-ins' password and two-factor secret are published in the
repository. ``make run`` and the tests are not production, and there they still run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.test import override_settings

from infoshare.accounts.models import User
from infoshare.core.demo_commands import REFUSED_IN_PRODUCTION, DemoCommand


def _demo_commands() -> list[str]:
    return sorted(
        name for name in get_commands() if name.startswith("seed_demo") or name == "demo_code"
    )


def test_every_demo_command_is_guarded() -> None:
    names = _demo_commands()
    assert {"seed_demo", "seed_demo_decisions", "demo_code"} <= set(names)
    for name in names:
        command = load_command_class(get_commands()[name], name)
        assert isinstance(command, DemoCommand), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", _demo_commands())
def test_a_demo_command_refuses_to_run_in_production(name: str) -> None:
    out = StringIO()
    with override_settings(PRODUCTION=True), pytest.raises(CommandError) as refused:
        call_command(name, stdout=out)
    assert str(refused.value) == REFUSED_IN_PRODUCTION
    assert out.getvalue() == ""  # no sign-ins, no two-factor code
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_demo_still_loads_outside_production() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo sign-ins" in out.getvalue()
    assert User.objects.exists()
    code = StringIO()
    call_command("demo_code", stdout=code)
    assert code.getvalue().strip().isdigit()
