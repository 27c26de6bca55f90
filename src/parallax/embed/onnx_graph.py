"""Builds the MiniLM ONNX graph locally from the safetensors weights, and caches it on disk.

No exported ``.onnx`` file ships with the weights and exporting needs torch, so the network
(the same one as ``reference.py``) is written node by node with ``onnx.helper``. Output:
``sentence_embedding`` (batch, 384), mean-pooled over real tokens and L2-normalised, so a
session run is the whole embedder.

The file is cached under ``$PARALLAX_CACHE_DIR`` (default ``~/.cache/parallax``), named by
the SHA-256 of the weights and ``GRAPH_VERSION``, and written to a temporary file that is
renamed into place: two processes building at once each write their own temporary file,
and whichever rename lands last leaves a complete graph.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from parallax.embed.minilm import BertConfig, ModelFiles, file_digest
from parallax.embed.reference import MASKED_SCORE

if TYPE_CHECKING:
    import onnx

# Bump whenever the graph built below changes, so stale cached files are not reused.
GRAPH_VERSION = 1
# Opset 17 has LayerNormalization as one op; onnxruntime >= 1.14 runs it.
OPSET = 17
Precision = Literal["fp32", "int8"]


def cache_dir() -> Path:
    """Where built graphs (and an optional vector store) live: ``$PARALLAX_CACHE_DIR`` or ~/.cache."""
    configured = os.environ.get("PARALLAX_CACHE_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "parallax"


def graph_path(files: ModelFiles, precision: Precision, directory: Path | None = None) -> Path:
    """The cache file for this exact weights file, graph version and precision."""
    digest = file_digest(files.weights)[:16]
    return (directory or cache_dir()) / f"minilm-l6-v2-{digest}-g{GRAPH_VERSION}-{precision}.onnx"


def ensure_graph(files: ModelFiles, precision: Precision, directory: Path | None = None) -> Path:
    """Path of the cached graph, building (and for int8 quantising) it first if absent."""
    target = graph_path(files, precision, directory)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if precision == "fp32":
        import onnx

        _write_atomically(target, lambda tmp: onnx.save(build_graph(files), str(tmp)))
    else:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        source = ensure_graph(files, "fp32", directory)
        # Only MatMul weights are quantised: the embedding tables (Gather) hold most of the
        # bytes but cost no FLOPs, and int8 tables measurably lowered agreement.
        _write_atomically(
            target,
            lambda tmp: quantize_dynamic(
                str(source), str(tmp), op_types_to_quantize=["MatMul"], weight_type=QuantType.QInt8
            ),
        )
    return target


def _write_atomically(target: Path, write: object) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)  # type: ignore[operator]
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def build_graph(files: ModelFiles) -> onnx.ModelProto:
    """The encoder + mean pooling + L2 normalisation as an ONNX model with weights inside."""
    from onnx import TensorProto, helper
    from safetensors.numpy import load_file

    builder = _GraphBuilder(load_file(str(files.weights)), files.config)
    states = builder.embeddings()
    for layer in range(files.config.num_layers):
        states = builder.encoder_layer(states, f"encoder.layer.{layer}.")
    builder.pooled_and_normalised(states, "sentence_embedding")

    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
        for name in ("input_ids", "attention_mask", "token_type_ids")
    ]
    output = helper.make_tensor_value_info(
        "sentence_embedding", TensorProto.FLOAT, ["batch", files.config.hidden_size]
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
    """Appends nodes and initializers; each helper returns the name of its output tensor."""

    def __init__(self, weights: dict[str, np.ndarray], config: BertConfig) -> None:
        self.weights, self.config = weights, config
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._names: set[str] = set()
        self._count = 0

    def constant(self, name: str, value: np.ndarray) -> str:
        """Registers an initializer once; shared scalars are simply requested again by name."""
        from onnx import numpy_helper

        if name not in self._names:
            self._names.add(name)
            self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def weight(self, key: str, transpose: bool = False) -> str:
        value = self.weights[key].astype(np.float32)
        return self.constant(key, value.T if transpose else value)

    def op(self, op_type: str, inputs: list[str], **attributes: object) -> str:
        from onnx import helper

        self._count += 1
        output = f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=output, **attributes))
        return output

    def layer_norm(self, x: str, prefix: str) -> str:
        return self.op(
            "LayerNormalization",
            [x, self.weight(f"{prefix}LayerNorm.weight"), self.weight(f"{prefix}LayerNorm.bias")],
            axis=-1,
            epsilon=self.config.layer_norm_eps,
        )

    def dense(self, x: str, key: str) -> str:
        # torch Linear stores (out, in); the transposed copy makes it a plain MatMul that
        # quantize_dynamic recognises.
        product = self.op("MatMul", [x, self.weight(f"{key}.weight", transpose=True)])
        return self.op("Add", [product, self.weight(f"{key}.bias")])

    def embeddings(self) -> str:
        # Position rows 0..seq-1, sliced from the table (1-D bounds, no Range/scalar Gather).
        sequence_end = self.op(
            "Shape", ["input_ids"], start=1, end=2
        )
        places = self.op(
            "Slice",
            [
                self.weight("embeddings.position_embeddings.weight"),
                self.constant("zero_start", np.array([0], dtype=np.int64)),
                sequence_end,
                self.constant("row_axis", np.array([0], dtype=np.int64)),
            ],
        )
        words = self.op("Gather", [self.weight("embeddings.word_embeddings.weight"), "input_ids"])
        kinds = self.op(
            "Gather", [self.weight("embeddings.token_type_embeddings.weight"), "token_type_ids"]
        )
        summed = self.op("Add", [self.op("Add", [words, places]), kinds])
        self._attention_bias()
        return self.layer_norm(summed, "embeddings.")

    def _attention_bias(self) -> None:
        """(batch, 1, 1, seq) float: 0 for real tokens, MASKED_SCORE for padding."""
        mask = self.op("Cast", ["attention_mask"], to=1)  # 1 = FLOAT
        inverted = self.op("Sub", [self.constant("one_float", np.array(1.0, np.float32)), mask])
        scaled = self.op("Mul", [inverted, self.constant("masked_score", np.array(MASKED_SCORE, np.float32))])
        self.attention_bias = self.op(
            "Unsqueeze", [scaled, self.constant("bias_axes", np.array([1, 2], dtype=np.int64))]
        )

    def encoder_layer(self, x: str, prefix: str) -> str:
        cfg = self.config
        split_shape = self.constant(
            f"{prefix}split_shape", np.array([0, 0, cfg.num_heads, cfg.head_size], dtype=np.int64)
        )

        def heads(h: str, permutation: list[int]) -> str:
            return self.op("Transpose", [self.op("Reshape", [h, split_shape])], perm=permutation)

        query = heads(self.dense(x, f"{prefix}attention.self.query"), [0, 2, 1, 3])
        key = heads(self.dense(x, f"{prefix}attention.self.key"), [0, 2, 3, 1])
        value = heads(self.dense(x, f"{prefix}attention.self.value"), [0, 2, 1, 3])
        scale = self.constant(f"{prefix}scale", np.array(1.0 / math.sqrt(cfg.head_size), np.float32))
        scores = self.op("Mul", [self.op("MatMul", [query, key]), scale])
        probabilities = self.op("Softmax", [self.op("Add", [scores, self.attention_bias])], axis=-1)
        context = self.op("Transpose", [self.op("MatMul", [probabilities, value])], perm=[0, 2, 1, 3])
        merged = self.op(
            "Reshape",
            [context, self.constant(f"{prefix}merge_shape", np.array([0, 0, cfg.hidden_size], dtype=np.int64))],
        )
        attended = self.layer_norm(
            self.op("Add", [self.dense(merged, f"{prefix}attention.output.dense"), x]),
            f"{prefix}attention.output.",
        )
        expanded = self.dense(self.gelu(self.dense(attended, f"{prefix}intermediate.dense")), f"{prefix}output.dense")
        return self.layer_norm(self.op("Add", [expanded, attended]), f"{prefix}output.")

    def gelu(self, x: str) -> str:
        """x * 0.5 * (1 + erf(x / sqrt 2)); onnxruntime fuses this pattern into one Gelu op."""
        scaled = self.op("Div", [x, self.constant("sqrt_two", np.array(math.sqrt(2.0), np.float32))])
        one = self.constant("one_float", np.array(1.0, np.float32))
        one_plus = self.op("Add", [self.op("Erf", [scaled]), one])
        return self.op("Mul", [self.op("Mul", [x, one_plus]), self.constant("half", np.array(0.5, np.float32))])

    def pooled_and_normalised(self, states: str, output: str) -> None:
        mask = self.op(
            "Unsqueeze",
            [self.op("Cast", ["attention_mask"], to=1), self.constant("last_axis", np.array([-1], dtype=np.int64))],
        )
        axis_one = self.constant("sequence_axis", np.array([1], dtype=np.int64))
        summed = self.op("ReduceSum", [self.op("Mul", [states, mask]), axis_one], keepdims=0)
        counts = self.op("ReduceSum", [mask, axis_one], keepdims=0)
        counts = self.op("Max", [counts, self.constant("count_floor", np.array(1e-9, np.float32))])
        mean = self.op("Div", [summed, counts])
        norm = self.op("ReduceL2", [mean], axes=[-1], keepdims=1)  # axes is an attribute until opset 18
        norm = self.op("Max", [norm, self.constant("norm_floor", np.array(1e-12, np.float32))])
        from onnx import helper

        self.nodes.append(helper.make_node("Div", [mean, norm], [output], name=output))
