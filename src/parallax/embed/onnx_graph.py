"""Builds the MiniLM ONNX graph locally from the safetensors weights, and caches it on disk.

No exported ``.onnx`` file ships with the weights and exporting needs torch, so the network
(the same one as ``reference.py``) is written node by node with ``onnx.helper``. Output:
``sentence_embedding`` (batch, 384), mean-pooled over real tokens and L2-normalised, so a
session run is the whole embedder.

Two precisions. ``fp32`` matches the numpy reference to cosine 1.0000. ``int8`` stores
every dense layer's weight as int8 and quantises that layer's input on the fly, one scale
per token (see ``_GraphBuilder.dense_int8`` and docs/performance.md, "Embeddings").

The file is cached under ``$PARALLAX_CACHE_DIR`` (default ``~/.cache/parallax``), named by
the SHA-256 of the weights and ``GRAPH_VERSION``, and written to a temporary file that is
renamed into place: two processes building at once each write their own temporary file,
and whichever rename lands last leaves a complete graph.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from parallax.embed.base import NORM_EPSILON
from parallax.embed.minilm import BertConfig, ModelFiles, file_digest
from parallax.embed.reference import MASKED_SCORE

if TYPE_CHECKING:
    import onnx

# Bump whenever the graph built below changes, so stale cached files are not reused.
GRAPH_VERSION = 3
# Opset 17 has LayerNormalization as one op; onnxruntime >= 1.14 runs it.
OPSET = 17
Precision = Literal["fp32", "int8"]
# int8 value ranges. Weights use 7 bits (+-63): x86 CPUs without VNNI multiply uint8 x int8
# pairs with VPMADDUBSW, whose int16 pair sums saturate above 32767; 2 x 255 x 63 cannot.
# Activations use the full 8 bits (uint8 1..255 around zero point 128). 7-bit weights cost
# 0.0013 mean cosine against 8-bit ones (0.9957 vs 0.9970 on 400 gva_longtail sentences).
WEIGHT_LEVELS = 63.0
ACTIVATION_LEVELS = 127.0
ACTIVATION_ZERO_POINT = 128


def cache_dir() -> Path:
    """Where built graphs (and an optional vector store) live: $PARALLAX_CACHE_DIR or ~/.cache."""
    configured = os.environ.get("PARALLAX_CACHE_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "parallax"


def graph_path(
    files: ModelFiles,
    precision: Precision,
    directory: Path | None = None,
    version: int | str | None = None,
) -> Path:
    """The cache file for this exact weights file, graph version (default: the current one)
    and precision."""
    digest = file_digest(files.weights)[:16]
    version = GRAPH_VERSION if version is None else version
    return (directory or cache_dir()) / f"minilm-l6-v2-{digest}-g{version}-{precision}.onnx"


def ensure_graph(files: ModelFiles, precision: Precision, directory: Path | None = None) -> Path:
    """Path of the cached graph, building it first if absent."""
    import onnx

    target = graph_path(files, precision, directory)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, lambda tmp: onnx.save(build_graph(files, precision), str(tmp)))
        # Graphs of older versions of this code for the same weights are never read again.
        for stale in target.parent.glob(graph_path(files, precision, directory, "*").name):
            if stale != target:
                stale.unlink(missing_ok=True)
    return target


def _write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Writes via a unique temporary file in the target's directory, then renames it in."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(0o644)  # mkstemp makes it owner-only; a cache may be shared
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def build_graph(files: ModelFiles, precision: Precision = "fp32") -> onnx.ModelProto:
    """The encoder + mean pooling + L2 normalisation as an ONNX model with weights inside."""
    from onnx import TensorProto, helper
    from safetensors.numpy import load_file

    config = files.config
    builder = _GraphBuilder(load_file(str(files.weights)), config, quantized=precision == "int8")
    attention_bias = builder.attention_bias()
    states = builder.embeddings()
    for layer in range(config.num_layers):
        states = builder.encoder_layer(states, attention_bias, f"encoder.layer.{layer}.")
    builder.pooled_and_normalised(states, output="sentence_embedding")

    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
        for name in ("input_ids", "attention_mask", "token_type_ids")
    ]
    output = helper.make_tensor_value_info(
        "sentence_embedding", TensorProto.FLOAT, ["batch", config.hidden_size]
    )
    graph = helper.make_graph(
        builder.nodes, "all_minilm_l6_v2", inputs, [output], initializer=builder.initializers
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="parallax"
    )
    model.ir_version = 8  # onnxruntime >= 1.14 reads IR 8; newer onnx writes higher by default
    return model


class _GraphBuilder:
    """Appends nodes and initializers; each method returns the name of its output tensor."""

    def __init__(self, weights: dict[str, np.ndarray], config: BertConfig, quantized: bool) -> None:
        self.weights, self.config, self.quantized = weights, config, quantized
        self._quantized_inputs: dict[str, tuple[str, str]] = {}
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._initializer_names: set[str] = set()
        self._count = 0

    # --- primitives ---

    def constant(self, name: str, value: np.ndarray) -> str:
        """Registers an initializer once; shared constants are simply requested again by name."""
        from onnx import numpy_helper

        if name not in self._initializer_names:
            self._initializer_names.add(name)
            self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def scalar(self, name: str, value: float) -> str:
        return self.constant(name, np.array(value, dtype=np.float32))

    def int64s(self, name: str, values: list[int]) -> str:
        return self.constant(name, np.array(values, dtype=np.int64))

    def weight(self, key: str, transpose: bool = False) -> str:
        value = self.weights[key].astype(np.float32)
        return self.constant(key, value.T if transpose else value)

    def op(
        self, op_type: str, inputs: list[str], output: str | None = None, **attributes: object
    ) -> str:
        from onnx import helper

        self._count += 1
        output = output or f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=output, **attributes))
        return output

    def float_mask(self) -> str:
        return self.op("Cast", ["attention_mask"], to=1)  # 1 = TensorProto.FLOAT

    # --- BERT blocks, mirroring reference.NumpyEmbedder ---

    def layer_norm(self, x: str, prefix: str) -> str:
        return self.op(
            "LayerNormalization",
            [x, self.weight(f"{prefix}LayerNorm.weight"), self.weight(f"{prefix}LayerNorm.bias")],
            axis=-1,
            epsilon=self.config.layer_norm_eps,
        )

    def dense(self, x: str, key: str) -> str:
        """x W^T + b; torch Linear stores W as (out, in), the graph holds W^T."""
        if self.quantized:
            return self.op("Add", [self.dense_int8(x, key), self.weight(f"{key}.bias")])
        product = self.op("MatMul", [x, self.weight(f"{key}.weight", transpose=True)])
        return self.op("Add", [product, self.weight(f"{key}.bias")])

    def dense_int8(self, x: str, key: str) -> str:
        """x W^T with int8 weights (one scale per output column) and uint8 activations (one
        scale per token, computed at run time).

        onnxruntime's ``quantize_dynamic`` takes one activation scale per *tensor*, i.e. per
        batch: a sentence's vector then depended on its batch-mates and their padding (the
        same sentence alone vs in a batch of 32: cosine down to 0.978). A scale per token
        makes every vector independent of the batch, and is also more accurate.
        """
        weight = self.weights[f"{key}.weight"].astype(np.float32).T  # (in, out)
        column_scale = np.maximum(np.abs(weight).max(axis=0), 1e-12) / WEIGHT_LEVELS
        levels = np.clip(np.round(weight / column_scale), -WEIGHT_LEVELS, WEIGHT_LEVELS)
        quantized_weight = self.constant(f"{key}.weight_int8", levels.astype(np.int8))
        weight_scale = self.constant(f"{key}.weight_scale", column_scale.astype(np.float32))
        quantized_x, token_scale = self.quantize_per_token(x)
        zero_point = self.constant(
            "activation_zero_point", np.array(ACTIVATION_ZERO_POINT, dtype=np.uint8)
        )
        product = self.op("MatMulInteger", [quantized_x, quantized_weight, zero_point])
        rescaled = self.op("Mul", [self.op("Cast", [product], to=1), token_scale])  # 1 = FLOAT
        return self.op("Mul", [rescaled, weight_scale])

    def quantize_per_token(self, x: str) -> tuple[str, str]:
        """(uint8 x, per-token scale); memoised so Q, K and V share one quantised input."""
        if x not in self._quantized_inputs:
            magnitude = self.op("ReduceMax", [self.op("Abs", [x])], axes=[-1], keepdims=1)
            magnitude = self.op("Max", [magnitude, self.scalar("magnitude_floor", 1e-8)])
            scale = self.op("Div", [magnitude, self.scalar("activation_levels", ACTIVATION_LEVELS)])
            levels = self.op("Round", [self.op("Div", [x, scale])])  # within +-127 by construction
            shifted = self.op("Add", [levels, self.scalar("zero_point", ACTIVATION_ZERO_POINT)])
            self._quantized_inputs[x] = (self.op("Cast", [shifted], to=2), scale)  # 2 = UINT8
        return self._quantized_inputs[x]

    def gelu(self, x: str) -> str:
        """x * 0.5 * (1 + erf(x / sqrt 2)); onnxruntime fuses this pattern into BiasGelu."""
        scaled = self.op("Div", [x, self.scalar("sqrt_two", math.sqrt(2.0))])
        one_plus_erf = self.op("Add", [self.op("Erf", [scaled]), self.scalar("one", 1.0)])
        return self.op("Mul", [self.op("Mul", [x, one_plus_erf]), self.scalar("half", 0.5)])

    def attention_bias(self) -> str:
        """(batch, 1, 1, seq): 0 for real tokens, MASKED_SCORE for padding."""
        padding = self.op("Sub", [self.scalar("one", 1.0), self.float_mask()])
        scores = self.op("Mul", [padding, self.scalar("masked_score", MASKED_SCORE)])
        return self.op("Unsqueeze", [scores, self.int64s("head_and_query_axes", [1, 2])])

    def embeddings(self) -> str:
        # Position rows 0..seq-1 sliced from the table with 1-D bounds: a Range over a
        # scalar Gather of the shape tripped onnxruntime's Slice fusion ("Starts must be 1-D").
        sequence_end = self.op("Shape", ["input_ids"], start=1, end=2)
        positions = self.op(
            "Slice",
            [
                self.weight("embeddings.position_embeddings.weight"),
                self.int64s("slice_start", [0]),
                sequence_end,
                self.int64s("row_axis", [0]),
            ],
        )
        words = self.op("Gather", [self.weight("embeddings.word_embeddings.weight"), "input_ids"])
        segments = self.op(
            "Gather", [self.weight("embeddings.token_type_embeddings.weight"), "token_type_ids"]
        )
        summed = self.op("Add", [self.op("Add", [words, positions]), segments])
        return self.layer_norm(summed, "embeddings.")

    def encoder_layer(self, x: str, attention_bias: str, prefix: str) -> str:
        cfg = self.config
        split_heads = self.int64s("split_heads_shape", [0, 0, cfg.num_heads, cfg.head_size])

        def heads(h: str, permutation: list[int]) -> str:
            return self.op("Transpose", [self.op("Reshape", [h, split_heads])], perm=permutation)

        query = heads(self.dense(x, f"{prefix}attention.self.query"), [0, 2, 1, 3])
        key = heads(self.dense(x, f"{prefix}attention.self.key"), [0, 2, 3, 1])  # pre-transposed
        value = heads(self.dense(x, f"{prefix}attention.self.value"), [0, 2, 1, 3])
        scale = self.scalar("score_scale", 1.0 / math.sqrt(cfg.head_size))
        scores = self.op("Mul", [self.op("MatMul", [query, key]), scale])
        probabilities = self.op("Softmax", [self.op("Add", [scores, attention_bias])], axis=-1)
        context = self.op("MatMul", [probabilities, value])
        context = self.op("Transpose", [context], perm=[0, 2, 1, 3])
        merge_heads = self.int64s("merge_heads_shape", [0, 0, cfg.hidden_size])
        merged = self.op("Reshape", [context, merge_heads])
        attended = self.layer_norm(
            self.op("Add", [self.dense(merged, f"{prefix}attention.output.dense"), x]),
            f"{prefix}attention.output.",
        )
        intermediate = self.gelu(self.dense(attended, f"{prefix}intermediate.dense"))
        expanded = self.dense(intermediate, f"{prefix}output.dense")
        return self.layer_norm(self.op("Add", [expanded, attended]), f"{prefix}output.")

    def pooled_and_normalised(self, states: str, output: str) -> str:
        """Mean over real tokens, then unit L2 norm (floors as in reference/base)."""
        mask = self.op("Unsqueeze", [self.float_mask(), self.int64s("feature_axis", [-1])])
        sequence_axis = self.int64s("sequence_axis", [1])
        summed = self.op("ReduceSum", [self.op("Mul", [states, mask]), sequence_axis], keepdims=0)
        counts = self.op("ReduceSum", [mask, sequence_axis], keepdims=0)
        counts = self.op("Max", [counts, self.scalar("count_floor", 1e-9)])
        mean = self.op("Div", [summed, counts])
        norm = self.op("ReduceL2", [mean], axes=[-1], keepdims=1)  # axes is an input from opset 18
        norm = self.op("Max", [norm, self.scalar("norm_floor", NORM_EPSILON)])
        return self.op("Div", [mean, norm], output=output)
