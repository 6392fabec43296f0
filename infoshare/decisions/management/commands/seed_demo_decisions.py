from typing import Any

from infoshare.core.demo_commands import DemoCommand
from infoshare.decisions.demo import load_demo_decisions


class Command(DemoCommand):
    help = "Adds demo decision records to the demo partnership (run after seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = load_demo_decisions()
        self.stdout.write(f"{count} demo decision record(s) present.")
