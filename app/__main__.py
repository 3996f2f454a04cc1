import os
import sys

# The windowed Windows executable (console=False in build.spec) has no standard streams; printing must not crash it.
for _stream in ("stdout", "stderr"):
    if getattr(sys, _stream) is None:
        setattr(sys, _stream, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from app.cli import main  # noqa: E402

raise SystemExit(main())
