"""`onestop --help` and the headless commands (server, sync, district, report…) never load Qt:
a server PC without a screen may lack Qt's libraries, and start-up should not pay for them."""

import subprocess
import sys


def test_building_the_cli_loads_no_qt() -> None:
    code = (
        "import sys; from onestop.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
