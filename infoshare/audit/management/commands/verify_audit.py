from typing import Any

from django.core.management.base import BaseCommand, CommandError

from infoshare.audit.chain import TAIL
from infoshare.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Checks the audit trail's hash chain; exits 1 naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"Audit trail intact: {report.checked} events checked.")
            return
        where = "the end of the chain" if report.broken_id == TAIL else f"event {report.broken_id}"
        raise CommandError(
            f"Audit trail broken at {where}: {report.reason} "
            f"({report.checked} events checked before it)."
        )
