"""draftwatch: keep every version of a draft and see exactly what changed.

>>> import draftwatch
>>> result = draftwatch.compare("# T\\n\\nThe fee is 35%.\\n", "# T\\n\\nThe fee is 40%.\\n")
>>> result.sections[0].status
'changed'
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["compare"]


def __getattr__(name: str):
    if name == "compare":
        from draftwatch.engine import compare

        return compare
    raise AttributeError(name)
