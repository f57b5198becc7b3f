"""Repository settings: `draftwatch.toml` at the repository root (DESIGN section 5).

Only `report` is read so far: `report = false` makes `add` commit the snapshot without its change
report (as `--no-report` does). Command-line options win.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from draftwatch.errors import BadInputError

SETTINGS_FILE = "draftwatch.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    report: bool = True


def read_settings(root: Path) -> Settings:
    """The settings of the repository at `root`; defaults when there is no draftwatch.toml."""
    path = root / SETTINGS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInputError(f"{SETTINGS_FILE}: cannot read it ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise BadInputError(f"{SETTINGS_FILE}: not valid TOML ({error})") from None
    report = data.get("report", True)
    if not isinstance(report, bool):
        raise BadInputError(f"{SETTINGS_FILE}: report must be true or false, not {report!r}")
    return Settings(report=report)
