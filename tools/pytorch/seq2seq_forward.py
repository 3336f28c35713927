#!/usr/bin/env python3
# Copyright (c) Microsoft.ML.Sparse contributors.
# Licensed under the MIT License. See LICENSE in the repository root for details.
"""The forward pass of a sparse Transformer translator exported by mlContext.Model.ExportSparseTranslatorToSafetensors,
rebuilt in PyTorch from the file alone (torch only; the safetensors reader of sparse_mlp_continue.py).

The file is the network's state_dict: embeddings, the encoder and decoder layers (attention projections and
feed-forward layers with a bool mask each, LayerNorms), the generator; the metadata holds the architecture JSON
(d_model, heads, layers, norm placement, shared embeddings) and the special token ids. Tokenisation stays with the
ML.NET model: this maps token ids to teacher-forced next-token logits.

usage: seq2seq_forward.py MODEL.safetensors --ids IDS.json --write-logits LOGITS.f32
IDS.json: {"source": [[ids...], ...], "target_input": [[ids...], ...]}; the script pads each list with the pad id to its
longest row (as the C# side batches). LOGITS.f32: raw little-endian float32 [rows, target length, target vocabulary].
"""
import argparse
import json
import math

import torch
import torch.nn.functional as F

from sparse_mlp_continue import fail, read_safetensors

MASKED_SCORE = -1e9  # what the C# attention fills masked scores with: finite, exp() of it is 0 next to any real score
LAYER_NORM_EPS = 1e-6


class SparseSeq2Seq:
    """The translator's forward pass over the exported tensors (evaluation mode: no dropout)."""

    def __init__(self, tensors, metadata):
        if metadata.get("format") != "mlsparse.seq2seq.v1":
            fail(f"not a translator export (format {metadata.get('format')!r}, expected 'mlsparse.seq2seq.v1')")
        self.t = tensors
        a = json.loads(metadata["architecture"])
        self.d, self.heads = a["ModelDim"], a["Heads"]
        self.encoder_layers, self.decoder_layers = a["EncoderLayers"], a["DecoderLayers"]
        self.pre_norm = a["NormPlacement"] == "PreNorm"
        self.pad_id = int(metadata["pad_id"])
        self.max_length = a["MaxLength"]
        self.target_embedding = "target_embedding" if "target_embedding.embedding.weight" in tensors else "source_embedding"
        # Sinusoidal positions as the C# side builds them: angles in double precision, stored as float32.
        p = torch.arange(self.max_length, dtype=torch.float64).unsqueeze(1)
        i = torch.arange(0, self.d, 2, dtype=torch.float64)
        angle = p / torch.pow(10000.0, i / self.d)
        pe = torch.zeros(self.max_length, self.d, dtype=torch.float64)
        pe[:, 0::2] = torch.sin(angle)
        pe[:, 1::2] = torch.cos(angle)[:, : self.d // 2]
        self.pe = pe.float()

    def linear(self, prefix, x):
        w = self.t[prefix + ".weight"]
        mask = self.t.get(prefix + ".mask")
        if mask is not None:
            w = w * mask
        return F.linear(x, w, self.t.get(prefix + ".bias"))

    def norm(self, prefix, x):
        return F.layer_norm(x, (self.d,), self.t[prefix + ".weight"], self.t[prefix + ".bias"], eps=LAYER_NORM_EPS)

    def embed(self, prefix, ids):
        x = F.embedding(ids, self.t[prefix + ".embedding.weight"]) * math.sqrt(self.d)
        return x + self.pe[: ids.shape[1]].unsqueeze(0)

    def attention(self, prefix, queries, memory, key_padding, forbidden):
        b, t, s, h = queries.shape[0], queries.shape[1], memory.shape[1], self.heads
        hd = self.d // h
        q = self.linear(prefix + ".query", queries).view(b, t, h, hd).transpose(1, 2)
        k = self.linear(prefix + ".key", memory).view(b, s, h, hd).transpose(1, 2)
        v = self.linear(prefix + ".value", memory).view(b, s, h, hd).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        if key_padding is not None:
            scores = scores.masked_fill(key_padding.view(b, 1, 1, s), MASKED_SCORE)
        if forbidden is not None:
            scores = scores.masked_fill(forbidden, MASKED_SCORE)
        context = torch.matmul(F.softmax(scores, -1), v).transpose(1, 2).reshape(b, t, h * hd)
        return self.linear(prefix + ".output", context)

    def feed_forward(self, prefix, x):
        return self.linear(prefix + ".w2", F.relu(self.linear(prefix + ".w1", x)))

    def encode(self, source):
        padding = source.eq(self.pad_id)
        x = self.embed("source_embedding", source)
        for i in range(self.encoder_layers):
            p = f"encoder.layers.{i}"
            if self.pre_norm:
                n = self.norm(p + ".attention_norm", x)
                x = x + self.attention(p + ".self_attention", n, n, padding, None)
                x = x + self.feed_forward(p + ".feed_forward", self.norm(p + ".feed_forward_norm", x))
            else:
                x = self.norm(p + ".attention_norm", x + self.attention(p + ".self_attention", x, x, padding, None))
                x = self.norm(p + ".feed_forward_norm", x + self.feed_forward(p + ".feed_forward", x))
        return (self.norm("encoder.final_norm", x) if self.pre_norm else x), padding

    def decode(self, target_input, memory, source_padding):
        padding = target_input.eq(self.pad_id)
        length = target_input.shape[1]
        causal = torch.ones(length, length, dtype=torch.bool).triu(1)
        y = self.embed(self.target_embedding, target_input)
        for i in range(self.decoder_layers):
            p = f"decoder.layers.{i}"
            if self.pre_norm:
                n = self.norm(p + ".self_attention_norm", y)
                y = y + self.attention(p + ".self_attention", n, n, padding, causal)
                y = y + self.attention(p + ".cross_attention", self.norm(p + ".cross_attention_norm", y), memory, source_padding, None)
                y = y + self.feed_forward(p + ".feed_forward", self.norm(p + ".feed_forward_norm", y))
            else:
                y = self.norm(p + ".self_attention_norm", y + self.attention(p + ".self_attention", y, y, padding, causal))
                y = self.norm(p + ".cross_attention_norm", y + self.attention(p + ".cross_attention", y, memory, source_padding, None))
                y = self.norm(p + ".feed_forward_norm", y + self.feed_forward(p + ".feed_forward", y))
        if self.pre_norm:
            y = self.norm("decoder.final_norm", y)
        return self.linear("generator", y)

    @torch.no_grad()
    def __call__(self, source, target_input):
        """Teacher-forced logits: source ids [B, S], decoder input ids [B, T] (starting with <s>) -> [B, T, vocabulary]."""
        memory, source_padding = self.encode(source)
        return self.decode(target_input, memory, source_padding)


def padded(rows, pad_id):
    width = max(len(r) for r in rows)
    return torch.tensor([list(r) + [pad_id] * (width - len(r)) for r in rows], dtype=torch.long)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--ids", required=True)
    p.add_argument("--write-logits", required=True)
    a = p.parse_args()
    tensors, metadata = read_safetensors(a.model)
    model = SparseSeq2Seq(tensors, metadata)
    with open(a.ids, encoding="utf-8") as f:
        ids = json.load(f)
    if len(ids["source"]) != len(ids["target_input"]) or not ids["source"]:
        fail(f"{a.ids} needs as many 'source' as 'target_input' rows (at least one)")
    logits = model(padded(ids["source"], model.pad_id), padded(ids["target_input"], model.pad_id))
    with open(a.write_logits, "wb") as f:
        f.write(logits.contiguous().numpy().astype("<f4").tobytes())
    print(f"teacher-forced logits {list(logits.shape)} written to {a.write_logits}")


if __name__ == "__main__":
    main()
