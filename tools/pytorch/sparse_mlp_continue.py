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
    print(f"sparse_mlp_continue: {message}", file=sys.stderr)
    sys.exit(1)


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
    torch.manual_seed(a.seed)
    tensors, metadata = read_safetensors(a.input)
    model = SparseMlp(tensors, metadata)
    inputs = model.layers[0].in_features
    outputs = model.layers[-1].out_features

    features = None
    if a.check_features:
        features = read_f32(a.check_features, inputs)
        with torch.no_grad():
            logits = model(features)
        expected = read_f32(a.check_logits, outputs)
        diff = (logits - expected).abs().max().item()
        if not diff <= 1e-5:
            fail(f"PyTorch scores differ from ML.NET's by {diff:.3g} (more than 1e-5)")
        print(f"scores match ML.NET within {diff:.3g} on {features.shape[0]} rows")

    # A few SGD steps on random rows and labels; gradients and weights are masked after every step.
    before = [m.clone() for m in model.masks]
    params = [q for q in model.parameters() if q.requires_grad]
    optimizer = torch.optim.SGD(params, lr=a.lr, momentum=0.9)
    task = metadata.get("task", "multiclass")
    for _ in range(a.steps):
        x = torch.randn(32, inputs)
        y = model(x)
        if task == "multiclass":
            loss = torch.nn.functional.cross_entropy(y, torch.randint(0, outputs, (32,)))
        elif task == "binary":
            loss = torch.nn.functional.binary_cross_entropy_with_logits(y[:, 0], torch.randint(0, 2, (32,)).float())
        else:
            loss = torch.nn.functional.mse_loss(y[:, 0], torch.randn(32))
        optimizer.zero_grad()
        loss.backward()
        for layer, mask in zip(model.layers, model.masks):
            if layer.weight.grad is not None:
                layer.weight.grad.mul_(mask)
        optimizer.step()
        model.apply_masks()
    for name, layer, mask, old in zip(model.names, model.layers, model.masks, before):
        if not torch.equal(mask, old):
            fail(f"the mask of {name} changed during training")
        if (layer.weight[~mask] != 0).any():
            fail(f"{name} has a weight outside its mask after training")
    changed = any(not torch.equal(layer.weight, tensors[n + ".weight"]) for n, layer in zip(model.names, model.layers))
    if a.steps > 0 and not changed:
        fail("no weight changed during training")
    print(f"{a.steps} SGD steps kept every mask; loss {loss.item():.4f}" if a.steps > 0 else "no training steps")

    write_safetensors(a.output, model.state_tensors(), metadata)
    if a.write_logits:
        if features is None:
            fail("--write-logits needs --check-features")
        with torch.no_grad():
            open(a.write_logits, "wb").write(model(features).contiguous().numpy().astype("<f4").tobytes())
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
