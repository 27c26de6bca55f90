"""The fast embedder: the locally built MiniLM graph run by onnxruntime on CPU."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from parallax.embed.minilm import (
    MODEL_NAME,
    ModelFiles,
    length_sorted_batches,
    load_tokenizer,
    locate_model,
    pad,
    tokenize,
)
from parallax.embed.onnx_graph import Precision, ensure_graph

# Sentences per session run. int8 on 400 length-sorted gva_longtail sentences, 2 shared
# cores, sentences per CPU-second in two runs: batch 16 -> 233/238, 32 -> 208/231,
# 64 -> 174/205 (smaller batches pad less); see docs/performance.md, "Embeddings".
BATCH_SIZE = 16


def available_cores() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity, unlike cpu_count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS/Windows have no affinity call
        return os.cpu_count() or 1


class OnnxEmbedder:
    """all-MiniLM-L6-v2 through onnxruntime. Against ``NumpyEmbedder``: fp32 cosine 1.0000,
    int8 (the default, ~1.5x faster) mean cosine 0.996."""

    def __init__(
        self,
        precision: Precision = "int8",
        *,
        files: ModelFiles | None = None,
        cache_directory: Path | None = None,
        threads: int | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        import onnxruntime

        self.files = files or locate_model()
        self.precision = precision
        self.name = f"{MODEL_NAME}/onnx-{precision}"
        self.dim = self.files.config.hidden_size
        self.batch_size = batch_size
        self.graph_path = ensure_graph(self.files, precision, cache_directory)
        self.tokenizer = load_tokenizer(self.files)

        options = onnxruntime.SessionOptions()
        # One op at a time, each spread over every core: the graph is a chain, so parallel
        # branches (inter-op) have nothing to overlap and would only contend for the 2 cores.
        options.intra_op_num_threads = threads or available_cores()
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        # Idle worker threads sleep instead of spinning: on 2 shared cores spinning burned
        # ~15% more CPU for no throughput (400 sentences: 2.25 vs 1.94 CPU-s, same wall time).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(self.graph_path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        output = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return output
        sequences = tokenize(self.tokenizer, texts)
        for indices in length_sorted_batches([len(ids) for ids in sequences], self.batch_size):
            batch = pad([sequences[index] for index in indices])
            (vectors,) = self.session.run(
                ["sentence_embedding"],
                {
                    "input_ids": batch.input_ids,
                    "attention_mask": batch.attention_mask,
                    "token_type_ids": batch.token_type_ids,
                },
            )
            output[indices] = vectors
        return output
