"""The comparison engine: texts in, a Comparison out. Pure: imports only the model and errors.

parse -> sections (matching, order) -> blocks (matching, moves) -> assemble (word diff per block
pair, ops) -> keychanges. `matching` holds the shared similarity tools; `worddiff` the word diff.
"""

from draftwatch.engine.compare import compare, compare_documents, compare_versions, parse_pair
from draftwatch.engine.cosmetic import without_cosmetic
from draftwatch.engine.noise import NoiseRules, apply_noise

__all__ = [
    "NoiseRules",
    "apply_noise",
    "compare",
    "compare_documents",
    "compare_versions",
    "parse_pair",
    "without_cosmetic",
]
