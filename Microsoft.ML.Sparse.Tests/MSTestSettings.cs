// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

global using Microsoft.ML.Sparse.Tests.Lanes;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 1)]
