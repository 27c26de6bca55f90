"""A plain numpy forward pass of the MiniLM BERT encoder: the reference the ONNX graph must match.

It is slow (about 16 sentences/s) but short enough to read against the BERT paper, and it
needs nothing beyond numpy, so it is what the fast backend is tested against.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from parallax.embed.base import normalize_rows
from parallax.embed.minilm import (
    MODEL_NAME,
    BertConfig,
    ModelFiles,
    length_sorted_batches,
    load_tokenizer,
    locate_model,
    pad,
    tokenize,
)

# Added to attention scores of padding positions: exp(-1e4) underflows to exactly 0 in
# float32, the classic BERT constant (the ONNX graph uses the same value).
MASKED_SCORE = -10000.0
# Sequences per forward pass; padding waste is small because batches are length-sorted.
BATCH_SIZE = 16


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's ``hidden_act: gelu`` means (not the tanh approximation)."""
    return (0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))).astype(np.float32)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf via Abramowitz-Stegun 7.1.26 in float64: max error 1.4e-7 (checked against
    ``math.erf`` on [-6, 6]), i.e. float32 resolution; numpy has no vectorised erf."""
    x = x.astype(np.float64)
    t = 1.0 / (1.0 + 0.3275911 * np.abs(x))
    coefficients = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
    poly = np.zeros_like(t)
    for coefficient in coefficients:  # Horner: ((a5 t + a4) t + ...) t + a1, then times t
        poly = poly * t + coefficient
    poly *= t
    return np.sign(x) * (1.0 - poly * np.exp(-x * x))


def softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


class NumpyEmbedder:
    """all-MiniLM-L6-v2 in numpy: BERT encoder, mean pooling over real tokens, L2 norm."""

    def __init__(self, files: ModelFiles | None = None) -> None:
        from safetensors.numpy import load_file

        self.files = files or locate_model()
        self.config: BertConfig = self.files.config
        self.name = f"{MODEL_NAME}/numpy"
        self.dim = self.config.hidden_size
        self.weights = load_file(str(self.files.weights))
        self.tokenizer = load_tokenizer(self.files)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        output = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return output
        sequences = tokenize(self.tokenizer, texts)
        for indices in length_sorted_batches([len(ids) for ids in sequences], BATCH_SIZE):
            batch = pad([sequences[index] for index in indices])
            states = self.token_states(batch.input_ids, batch.attention_mask, batch.token_type_ids)
            output[indices] = mean_pool(states, batch.attention_mask)
        return normalize_rows(output)

    def token_states(
        self, input_ids: np.ndarray, attention_mask: np.ndarray, token_type_ids: np.ndarray
    ) -> np.ndarray:
        """Last-layer hidden states, shape (batch, seq, hidden)."""
        w, cfg = self.weights, self.config
        positions = np.arange(input_ids.shape[1])
        x = (
            w["embeddings.word_embeddings.weight"][input_ids]
            + w["embeddings.position_embeddings.weight"][positions][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][token_type_ids]
        )
        x = layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], cfg.layer_norm_eps
        )
        score_bias = ((1.0 - attention_mask.astype(np.float32)) * MASKED_SCORE)[:, None, None, :]
        for layer in range(cfg.num_layers):
            x = self._layer(x, score_bias, f"encoder.layer.{layer}.")
        return x

    def _layer(self, x: np.ndarray, score_bias: np.ndarray, prefix: str) -> np.ndarray:
        w, cfg = self.weights, self.config

        def dense(h: np.ndarray, name: str) -> np.ndarray:
            # torch Linear stores weight as (out, in): y = h W^T + b
            return h @ w[f"{prefix}{name}.weight"].T + w[f"{prefix}{name}.bias"]

        def heads(h: np.ndarray) -> np.ndarray:  # (b, s, hidden) -> (b, heads, s, head_size)
            split = h.reshape(h.shape[0], h.shape[1], cfg.num_heads, cfg.head_size)
            return split.transpose(0, 2, 1, 3)

        query = heads(dense(x, "attention.self.query"))
        key = heads(dense(x, "attention.self.key"))
        value = heads(dense(x, "attention.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(math.sqrt(cfg.head_size))
        context = softmax(scores + score_bias) @ value
        context = context.transpose(0, 2, 1, 3).reshape(x.shape)
        attended = layer_norm(
            dense(context, "attention.output.dense") + x,
            w[f"{prefix}attention.output.LayerNorm.weight"],
            w[f"{prefix}attention.output.LayerNorm.bias"],
            cfg.layer_norm_eps,
        )
        expanded = dense(gelu(dense(attended, "intermediate.dense")), "output.dense")
        return layer_norm(
            expanded + attended,
            w[f"{prefix}output.LayerNorm.weight"],
            w[f"{prefix}output.LayerNorm.bias"],
            cfg.layer_norm_eps,
        )


def mean_pool(states: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Average of the token states over real (unmasked) tokens, as the model was trained."""
    mask = attention_mask.astype(np.float32)[:, :, None]
    return (states * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
