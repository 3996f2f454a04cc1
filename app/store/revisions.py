"""The schema revision a desk's code expects, read from the migration scripts' ``revision`` / ``down_revision``
lines with the standard library: the start-up peek (app.store.peek) and the migrations runner (app.store.migrate)
both ask here, neither needs Alembic for a desk already at head."""

import ast
import re
from pathlib import Path

VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps
_SCRIPT_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def script_revisions(versions_dir: Path) -> dict[str, tuple[str, ...]]:
    """revision → the revisions it revises, from each script's ``revision = …`` and ``down_revision = …``."""
    revisions: dict[str, tuple[str, ...]] = {}
    for path in sorted(versions_dir.glob("*.py")):
        found = dict(_SCRIPT_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        down = ast.literal_eval(found.get("down_revision", "None"))
        revisions[ast.literal_eval(found["revision"])] = (down,) if isinstance(down, str) else tuple(down or ())
    return revisions


def scripts_head(versions_dir: Path) -> str | None:
    """The scripts' single head; None when they are unusual (two heads, a revision the scripts do not hold, no
    scripts), which only Alembic may judge."""
    revisions = script_revisions(versions_dir)
    revised = {down for downs in revisions.values() for down in downs}
    heads = [revision for revision in revisions if revision not in revised]
    return heads[0] if len(heads) == 1 and revised <= revisions.keys() else None
