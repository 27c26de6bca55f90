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

import logging
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from parallax.embed.base import NORM_EPSILON
from parallax.embed.minilm import BertConfig, ModelFiles, file_digest
from parallax.embed.reference import MASKED_SCORE

if TYPE_CHECKING:
    import onnx

# Bump whenever the graph built below changes, so stale cached files are not reused.
GRAPH_VERSION = 2
# Opset 17 has LayerNormalization as one op; onnxruntime >= 1.14 runs it.
OPSET = 17
Precision = Literal["fp32", "int8"]
# Each layer's FFN down-projection weight (not ``attention.output.dense``).
FFN_OUTPUT_WEIGHT = re.compile(r"encoder\.layer\.\d+\.output\.dense\.weight")


def cache_dir() -> Path:
    """Where built graphs (and an optional vector store) live: $PARALLAX_CACHE_DIR or ~/.cache."""
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
        source = ensure_graph(files, "fp32", directory)
        _write_atomically(target, lambda tmp: quantize_int8(source, tmp))
    return target


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the weight MatMuls that keep agreement with fp32.

    Calibrated on 300 gva_longtail sentences against the fp32 graph (see docs/performance.md,
    "Embeddings"). The attention products (activation x activation, no weight) always stay
    fp32. Then per-tensor weight scales gave mean cosine 0.958; per-channel 0.992; also
    keeping each FFN down-projection in fp32 (its input, the GELU output, has outliers
    that coarsen the per-tensor activation scale) 0.996, still ~1.5x the fp32 speed.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    weights = {initializer.name for initializer in graph.initializer}
    kept_in_fp32 = [
        node.name
        for node in graph.node
        if node.op_type == "MatMul"
        and (node.input[1] not in weights or FFN_OUTPUT_WEIGHT.fullmatch(node.input[1]))
    ]
    with _quiet_preprocessing_advice():
        quantize_dynamic(
            str(source),
            str(target),
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=kept_in_fp32,
            per_channel=True,
            weight_type=QuantType.QInt8,
        )


class _DropPreprocessingAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


@contextmanager
def _quiet_preprocessing_advice() -> Iterator[None]:
    """quantize_dynamic logs advice on the root logger (symbolic shape inference, which
    needs sympy) that does not apply to a graph this small; hide only that message."""
    advice_filter = _DropPreprocessingAdvice()
    root = logging.getLogger()
    root.addFilter(advice_filter)
    try:
        yield
    finally:
        root.removeFilter(advice_filter)


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


def build_graph(files: ModelFiles) -> onnx.ModelProto:
    """The encoder + mean pooling + L2 normalisation as an ONNX model with weights inside."""
    from onnx import TensorProto, helper
    from safetensors.numpy import load_file

    config = files.config
    builder = _GraphBuilder(load_file(str(files.weights)), config)
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

    def __init__(self, weights: dict[str, np.ndarray], config: BertConfig) -> None:
        self.weights, self.config = weights, config
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
        # torch Linear stores (out, in); the transposed copy makes a plain MatMul, which
        # quantize_dynamic recognises.
        product = self.op("MatMul", [x, self.weight(f"{key}.weight", transpose=True)])
        return self.op("Add", [product, self.weight(f"{key}.bias")])

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
