from typing import Any

from infoshare.agreements.demo import load_demo_agreements
from infoshare.core.demo_commands import DemoCommand


class Command(DemoCommand):
    help = "Adds demo agreements to the demo partnership (run after seed_demo; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        agreements = load_demo_agreements()
        self.stdout.write(f"{len(agreements)} demo agreement(s) present.")
