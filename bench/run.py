"""`make bench`: runs every benchmark in this folder, one after another, in one process each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["staff_list.py", "decisions.py"]

for name in BENCHES:
    if not (HERE / name).exists():
        continue
    print(f"== {name}", flush=True)
    result = subprocess.run([sys.executable, str(HERE / name), *sys.argv[1:]], check=False)
    if result.returncode:
        sys.exit(result.returncode)
