#!/usr/bin/env python3
# Copyright (c) Microsoft.ML.Sparse contributors.
# Licensed under the MIT License. See LICENSE in the repository root for details.
"""Continues training of a sparse MLP exported by mlContext.Model.ExportSparseMlpToSafetensors, in PyTorch.

Reads the safetensors file with the standard library and torch only (no `safetensors` package needed: Debian 12 has
none for its Python 3.11), builds the network in the paper's layout (nn.Linear per layer, weight [out, in], a bool
mask per layer), optionally checks its scores against logits written by the C# side, runs SGD steps that keep the
masks (gradients and weights multiplied by the mask after every step, as the paper's dst_scheduler does), and writes
the result back in the same format and metadata, so mlContext.Model.ImportSparseMlpFromSafetensors scores it.

usage: sparse_mlp_continue.py IN.safetensors OUT.safetensors [--check-features F.f32 --check-logits L.f32]
                              [--steps 5] [--lr 0.05] [--seed 0] [--write-logits OUT_LOGITS.f32]
Feature and logit files are raw little-endian float32, row-major [rows, features] / [rows, outputs].
Exit code 0 on success; 1 with one line on stderr when a check fails.
"""
import argparse
import json
import os
import struct
import sys

import torch

DTYPES = {"F32": (torch.float32, 4), "BOOL": (torch.bool, 1), "U8": (torch.uint8, 1)}
NAMES = {torch.float32: "F32", torch.bool: "BOOL", torch.uint8: "U8"}


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        dtype, size = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        shape = info["shape"]
        count = 1
        for d in shape:
            count *= d
        if end - begin != count * size:
            raise ValueError(f"tensor {name}: offsets do not match its shape")
        raw = bytearray(data[begin:end])  # a writable copy for frombuffer
        tensors[name] = torch.frombuffer(raw, dtype=dtype).reshape(shape).clone() if count else torch.zeros(shape, dtype=dtype)
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    chunks = []
    for name, t in tensors.items():
        raw = t.contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        chunks.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


class SparseMlp(torch.nn.Module):
    """nn.Linear layers with a fixed bool mask each; ReLU between layers, none after the last (clamp to [0, 1] after
    an 'input_encoding' layer, which is not trained)."""

    def __init__(self, tensors, metadata):
        super().__init__()
        self.names = json.loads(metadata["layers"])
        self.activations = json.loads(metadata["activations"])
        self.layers = torch.nn.ModuleList()
        self.masks = []
        for name in self.names:
            w = tensors[name + ".weight"]
            layer = torch.nn.Linear(w.shape[1], w.shape[0])
            with torch.no_grad():
                layer.weight.copy_(w)
                layer.bias.copy_(tensors[name + ".bias"])
            mask = tensors[name + ".mask"].bool()
            self.layers.append(layer)
            self.masks.append(mask)
        for layer, act in zip(self.layers, self.activations):
            if act == "clamp01":
                layer.weight.requires_grad_(False)
                layer.bias.requires_grad_(False)

    def forward(self, x):
        for layer, mask, act in zip(self.layers, self.masks, self.activations):
            x = torch.nn.functional.linear(x, layer.weight * mask, layer.bias)
            if act == "relu":
                x = torch.relu(x)
            elif act == "clamp01":
                x = torch.clamp(x, 0.0, 1.0)
        return x

    @torch.no_grad()
    def apply_masks(self):
        for layer, mask in zip(self.layers, self.masks):
            layer.weight.mul_(mask)

    def state_tensors(self):
        out = {}
        for name, layer, mask in zip(self.names, self.layers, self.masks):
            out[name + ".weight"] = layer.weight.detach().clone()
            out[name + ".bias"] = layer.bias.detach().clone()
            out[name + ".mask"] = mask.clone()
        return out


def read_f32(path, columns):
    with open(path, "rb") as f:
        raw = bytearray(f.read())
    return torch.frombuffer(raw, dtype=torch.float32).reshape(-1, columns).clone()


def fail(message):
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(1)


def trainable_parameters(model):
    """The parameters training updates: every layer's weight and bias except a clamp01 input encoding's."""
    return [q for q in model.parameters() if q.requires_grad]


def task_loss(task, outputs, labels):
    """The loss the ML.NET trainer minimises: cross-entropy over the logits for multiclass (labels are class indexes),
    logistic loss on the one output for binary (labels 0/1), squared error on the one output for regression."""
    if task == "multiclass":
        return torch.nn.functional.cross_entropy(outputs, labels.long())
    if task == "binary":
        return torch.nn.functional.binary_cross_entropy_with_logits(outputs[:, 0], labels.float())
    return torch.nn.functional.mse_loss(outputs[:, 0], labels.float())


def random_labels(task, outputs, rows):
    if task == "multiclass":
        return torch.randint(0, outputs, (rows,))
    if task == "binary":
        return torch.randint(0, 2, (rows,)).float()
    return torch.randn(rows)


def masked_step(model, optimizer, loss):
    """One optimizer step that keeps the sparse topology: gradients multiplied by the mask before the step, weights
    after it (momentum would otherwise move weights off the mask), as the paper's dst_scheduler does. `model` is the
    SparseMlp itself (for DistributedDataParallel pass `ddp.module`; backward has averaged the gradients by then)."""
    optimizer.zero_grad()
    loss.backward()
    for layer, mask in zip(model.layers, model.masks):
        if layer.weight.grad is not None:
            layer.weight.grad.mul_(mask)
    optimizer.step()
    model.apply_masks()


def check_masks_kept(model, masks_before, tensors_before, steps):
    """Fails (exit 1) when a mask changed, a weight outside its mask is nonzero, or `steps` > 0 changed no weight."""
    for name, layer, mask, old in zip(model.names, model.layers, model.masks, masks_before):
        if not torch.equal(mask, old):
            fail(f"the mask of {name} changed during training")
        if (layer.weight[~mask] != 0).any():
            fail(f"{name} has a weight outside its mask after training")
    changed = any(not torch.equal(layer.weight, tensors_before[n + ".weight"]) for n, layer in zip(model.names, model.layers))
    if steps > 0 and not changed:
        fail("no weight changed during training")


def check_scores(model, features_path, logits_path, tolerance=1e-5):
    """Checks that the model's outputs for the rows in `features_path` equal the logits in `logits_path` (both raw
    float32, row-major) within `tolerance`; returns the features and the largest difference."""
    features = read_f32(features_path, model.layers[0].in_features)
    with torch.no_grad():
        logits = model(features)
    expected = read_f32(logits_path, model.layers[-1].out_features)
    if expected.shape != logits.shape:
        fail(f"{logits_path} has {expected.shape[0]} rows of {expected.shape[1]} logits; the model gives {tuple(logits.shape)}")
    diff = (logits - expected).abs().max().item()
    if not diff <= tolerance:
        fail(f"PyTorch scores differ from ML.NET's by {diff:.3g} (more than {tolerance:g})")
    return features, diff


def write_logits(model, features, path):
    with torch.no_grad():
        with open(path, "wb") as f:
            f.write(model(features).contiguous().numpy().astype("<f4").tobytes())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--check-features")
    p.add_argument("--check-logits")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--write-logits")
    a = p.parse_args()
    if bool(a.check_features) != bool(a.check_logits):
        fail("--check-features and --check-logits go together")
    torch.manual_seed(a.seed)
    tensors, metadata = read_safetensors(a.input)
    model = SparseMlp(tensors, metadata)
    inputs = model.layers[0].in_features
    outputs = model.layers[-1].out_features

    features = None
    if a.check_features:
        features, diff = check_scores(model, a.check_features, a.check_logits)
        print(f"scores match ML.NET within {diff:.3g} on {features.shape[0]} rows")

    # A few SGD steps on random rows and labels; gradients and weights are masked around every step.
    before = [m.clone() for m in model.masks]
    optimizer = torch.optim.SGD(trainable_parameters(model), lr=a.lr, momentum=0.9)
    task = metadata.get("task", "multiclass")
    for _ in range(a.steps):
        x = torch.randn(32, inputs)
        loss = task_loss(task, model(x), random_labels(task, outputs, 32))
        masked_step(model, optimizer, loss)
    check_masks_kept(model, before, tensors, a.steps)
    print(f"{a.steps} SGD steps kept every mask; loss {loss.item():.4f}" if a.steps > 0 else "no training steps")

    write_safetensors(a.output, model.state_tensors(), metadata)
    if a.write_logits:
        if features is None:
            fail("--write-logits needs --check-features")
        write_logits(model, features, a.write_logits)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
