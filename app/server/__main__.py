"""``python -m app.server`` = ``frontdesk-server``."""

from app.server.cli import main

raise SystemExit(main())
