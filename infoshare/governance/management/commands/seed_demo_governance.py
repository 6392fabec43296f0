from typing import Any

from infoshare.core.demo_commands import DemoCommand
from infoshare.governance.demo import load_demo


class Command(DemoCommand):
    help = "Loads demo governance content (idempotent). Run after seed_demo."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo()
        self.stdout.write("Demo governance content loaded.")
