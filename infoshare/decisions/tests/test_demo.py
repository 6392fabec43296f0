from io import StringIO

from django.core.management import call_command

from infoshare.decisions.models import SharingDecision, Status


def test_demo_decisions_load_once(db) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_decisions", stdout=StringIO())
    call_command("seed_demo_decisions", stdout=StringIO())
    assert SharingDecision.objects.filter(status=Status.FINAL).count() == 1
    assert SharingDecision.objects.filter(status=Status.DRAFT, urgent=True).count() == 1
