"""draftwatch: keep every version of a draft and see exactly what changed."""

from __future__ import annotations

__version__ = "0.1.0"
