#!/usr/bin/env python3
# Copyright (c) Microsoft.ML.Sparse contributors.
# Licensed under the MIT License. See LICENSE in the repository root for details.
"""Continues training of a sparse MLP exported by mlContext.Model.ExportSparseMlpToSafetensors under torchrun/DDP.

Every process reads the model file, wraps the masked network (sparse_mlp_continue.SparseMlp) in
torch.nn.parallel.DistributedDataParallel and trains on its own shard of the data (DistributedSampler, seeded, a new
shuffle each epoch); DDP averages the gradients across processes, then each process multiplies them by the masks,
steps its optimizer and multiplies the weights by the masks, so the sparse topology is kept and every process holds
the same weights. Rank 0 writes the result in the same format and metadata, which ImportSparseMlpFromSafetensors scores.

    torchrun --standalone --nproc_per_node 2 tools/pytorch/sparse_mlp_ddp.py \\
        IN.safetensors DATA.safetensors OUT.safetensors [--epochs 1] [--batch-size 32] [--lr 0.05] [--momentum 0.9]
        [--seed 0] [--backend gloo] [--check-features F.f32 --check-logits L.f32] [--write-logits L.f32]
        [--write-rank-states PREFIX]

DATA.safetensors holds `features` (F32 [rows, inputs], the raw vectors the ML.NET transformer receives) and `labels`
(F32 [rows]: the class index for multiclass, 0/1 for binary, the target for regression). Feature and logit files are
raw little-endian float32, row-major, as for sparse_mlp_continue.py; every process checks the scores, rank 0 writes
the logits after training. --write-rank-states makes every process write PREFIX.rank{R}.safetensors with its own
final weights and, in the metadata, the data rows it trained on (`shard_rows`, one list per epoch).
Exit code 0 on success; 1 with one line on stderr when a check fails (torchrun then stops the other processes).
"""
import argparse
import json

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from sparse_mlp_continue import (SparseMlp, check_masks_kept, check_scores, fail, masked_step, read_safetensors,
                                 task_loss, trainable_parameters, write_logits, write_safetensors)


def read_data(path, inputs):
    tensors, _ = read_safetensors(path)
    if "features" not in tensors or "labels" not in tensors:
        fail(f"{path} needs tensors 'features' [rows, {inputs}] and 'labels' [rows]; it has {sorted(tensors)}")
    features, labels = tensors["features"].float(), tensors["labels"].float()
    if features.dim() != 2 or features.shape[1] != inputs or labels.shape != (features.shape[0],):
        fail(f"{path}: features {tuple(features.shape)} and labels {tuple(labels.shape)} do not fit a network with "
             f"{inputs} inputs (expected [rows, {inputs}] and [rows])")
    return features, labels


def flat_parameters(model):
    return torch.cat([q.detach().flatten() for q in model.parameters()])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("data")
    p.add_argument("output")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--backend", default="gloo", help="gloo (CPU) or nccl (one GPU per process is not wired here)")
    p.add_argument("--check-features")
    p.add_argument("--check-logits")
    p.add_argument("--write-logits")
    p.add_argument("--write-rank-states")
    a = p.parse_args()
    if bool(a.check_features) != bool(a.check_logits):
        fail("--check-features and --check-logits go together")
    if a.write_logits and not a.check_features:
        fail("--write-logits needs --check-features")

    dist.init_process_group(a.backend)  # rank, world size and rendezvous come from torchrun's environment
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(a.seed)
    tensors, metadata = read_safetensors(a.input)
    model = SparseMlp(tensors, metadata)
    task = metadata.get("task", "multiclass")

    features = None
    if a.check_features:
        features, diff = check_scores(model, a.check_features, a.check_logits)
        if rank == 0:
            print(f"scores match ML.NET within {diff:.3g} on {features.shape[0]} rows")

    x, y = read_data(a.data, model.layers[0].in_features)
    sampler = DistributedSampler(TensorDataset(x, y), num_replicas=world, rank=rank, shuffle=True, seed=a.seed)
    ddp = DistributedDataParallel(model)  # broadcasts rank 0's parameters; averages gradients in backward
    before = [m.clone() for m in model.masks]
    optimizer = torch.optim.SGD(trainable_parameters(model), lr=a.lr, momentum=a.momentum)
    shards, steps, loss = [], 0, None
    for epoch in range(a.epochs):
        sampler.set_epoch(epoch)  # a different seeded shuffle (and shard) each epoch, the same on every process
        rows = list(sampler)
        shards.append(rows)
        for batch in DataLoader(rows, batch_size=a.batch_size):
            loss = task_loss(task, ddp(x[batch]), y[batch])
            masked_step(model, optimizer, loss)
            steps += 1
    check_masks_kept(model, before, tensors, steps)

    # Every process must hold the same weights: gather them all and compare bit for bit.
    mine = flat_parameters(model)
    gathered = [torch.empty_like(mine) for _ in range(world)]
    dist.all_gather(gathered, mine)
    differing = [r for r in range(world) if not torch.equal(gathered[r], gathered[0])]
    if differing:
        fail(f"ranks {differing} ended with weights different from rank 0's")
    if rank == 0:
        print(f"{steps} DDP steps per process on {world} processes ({len(shards[0])} of {x.shape[0]} rows each per epoch) "
              f"kept every mask; all {world} processes hold identical weights"
              + (f"; last loss {loss.item():.4f}" if loss is not None else ""))

    if a.write_rank_states:
        state = dict(metadata, rank=str(rank), world_size=str(world), shard_rows=json.dumps(shards))
        write_safetensors(f"{a.write_rank_states}.rank{rank}.safetensors", model.state_tensors(), state)
    if rank == 0:
        write_safetensors(a.output, model.state_tensors(), metadata)
        if a.write_logits:
            write_logits(model, features, a.write_logits)
        print(f"wrote {a.output}")
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
