from typing import Any

from infoshare.core.demo_commands import DemoCommand
from infoshare.partnerships.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo


class Command(DemoCommand):
    help = "Loads the demo partnership (idempotent) and prints the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        people = load_demo()
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
        for person in people:
            self.stdout.write(f"  {person.role:<18} {person.email:<36} {person.organisation}")
        self.stdout.write(
            "\nTwo-factor authentication: add this secret to an authenticator app, "
            f"or run `make demo-code` for the current code:\n  {DEMO_TOTP_SECRET}\n"
        )
