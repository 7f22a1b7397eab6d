"""Entry point: `python -m carelog` and the `carelog` gui-script."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # a frozen build would otherwise rebuild matplotlib's font cache in a new temp folder on every run
        from carelog.paths import cache_dir

        os.environ.setdefault("MPLCONFIGDIR", str(cache_dir() / "matplotlib"))
    from carelog.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
