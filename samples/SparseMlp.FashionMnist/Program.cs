// Main job (placeholder until the sparse MLP trainer lands): checks the native backend and the dataset.
using Microsoft.ML.Sparse.Engine.Runtime;

TorchRuntime.EnsureLoaded();
const string dir = "/usr/share/datasets/fashion-mnist";
Console.WriteLine(Directory.Exists(dir) ? $"Fashion-MNIST found at {dir}" : $"Fashion-MNIST missing: run bash build/setup");
