import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from infoshare.audit.chain import CONTENT_MISMATCH, TAIL, ChainReport
from infoshare.audit.selectors import verify_chain

HASH = re.compile(r"[0-9a-f]{64}")


class Command(BaseCommand):
    help = (
        "Checks the audit trail's keyed hash chain (AUDIT_CHAIN_KEY); exits 1 naming the "
        "first broken event, or when a head recorded earlier is no longer on the chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="a head hash printed by an earlier run: fail unless it is still on the chain",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = (options.get("expect_head") or "").strip().lower() or None
        if expected is not None and not HASH.fullmatch(expected):
            raise CommandError("--expect-head must be a hash of 64 hexadecimal characters.")
        report = verify_chain(expected_head=expected)
        if report.broken_id is not None:
            raise CommandError(_broken(report))
        if report.missing_head:
            raise CommandError(
                f"Audit trail rewritten: the head {report.missing_head} recorded earlier is "
                f"no longer on the chain ({report.checked} events checked)."
            )
        self.stdout.write(f"Audit trail intact: {report.checked} events checked.")
        if expected is not None:
            self.stdout.write(f"The head recorded earlier, {expected}, is still on the chain.")
        self.stdout.write(
            f"Head: {report.last_hash} ({report.checked} events).\n"
            "Record this hash and count somewhere outside the database (e.g. in the board "
            "report or a ticket): a later check with --expect-head can then prove that the "
            "trail has not been rewritten since."
        )


def _broken(report: ChainReport) -> str:
    where = "the end of the chain" if report.broken_id == TAIL else f"event {report.broken_id}"
    message = (
        f"Audit trail broken at {where}: {report.reason} "
        f"({report.checked} events checked before it)."
    )
    if report.checked == 0 and report.reason == CONTENT_MISMATCH:
        message += (
            " The very first event does not match: either the audit trail was altered, or "
            "AUDIT_CHAIN_KEY is not the key the events were written with."
        )
    return message
