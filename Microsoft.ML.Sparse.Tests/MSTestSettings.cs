global using Microsoft.ML.Sparse.Tests.Lanes;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 1)]
