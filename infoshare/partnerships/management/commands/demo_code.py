import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from infoshare.core.demo_commands import DemoCommand
from infoshare.partnerships.demo import DEMO_TOTP_SECRET


class Command(DemoCommand):
    help = "Prints the current two-factor code for the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
