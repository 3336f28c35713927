// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Engine.Core.Kernels;

/// <summary>
/// The threads of a managed training step: the calling thread plus <see cref="Count"/> − 1 dedicated background
/// threads. Every thread, the caller included, claims the parts of a kernel one at a time until none is left, so when a
/// worker is late (asleep, or its core is busy with another process) the caller runs its parts and the step degrades to
/// one-thread speed instead of waiting. Which thread runs a part never changes what the part computes. A kernel of a
/// step lasts tens of microseconds, about what it takes to wake a sleeping thread, so between kernels the workers spin
/// for <see cref="SpinMicroseconds"/> before they block. Dispose to stop the threads.
/// </summary>
internal sealed class KernelWorkers : IDisposable
{
    /// <summary>How long an idle worker spins before it blocks.</summary>
    public const int SpinMicroseconds = 200;

    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _wake;
    private readonly int[] _sleeping;
    private Batch? _batch;
    private int _generation;
    private volatile bool _stopping;

    /// <param name="count">Threads in all, the caller's included (≥ 1).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public KernelWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _threads = new Thread[count - 1];
        _wake = new ManualResetEventSlim[count - 1];
        _sleeping = new int[count - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int index = i;
            _wake[i] = new ManualResetEventSlim(false, spinCount: 1);
            _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = $"ML.Sparse kernel worker {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads in all, the caller's included.</summary>
    public int Count { get; }

    /// <summary>Runs <paramref name="body"/>(p) once for every p = 0 .. <paramref name="parts"/> − 1, on whichever threads claim them first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int parts, Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (parts <= 1 || _threads.Length == 0)
        {
            for (int p = 0; p < parts; p++)
                body(p);
            return;
        }
        var batch = new Batch(body, parts);
        Volatile.Write(ref _batch, batch);
        Interlocked.Increment(ref _generation);
        WakeSleepers();
        batch.Execute();
        var spin = new SpinWait();
        while (Volatile.Read(ref batch.Remaining) != 0)
            spin.SpinOnce(sleep1Threshold: -1);
        Volatile.Write(ref _batch, null);
        if (batch.Failure is { } failure)
            throw new AggregateException("A kernel part failed.", failure);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Dispose()
    {
        if (_stopping)
            return;
        _stopping = true;
        Interlocked.Increment(ref _generation);
        WakeSleepers();
        foreach (var thread in _threads)
            thread.Join();
        foreach (var wake in _wake)
            wake.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WakeSleepers()
    {
        for (int i = 0; i < _threads.Length; i++)
            if (Volatile.Read(ref _sleeping[i]) != 0)
                _wake[i].Set();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work(int index)
    {
        int seen = 0;
        while (true)
        {
            long spinUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                Interlocked.Exchange(ref _sleeping[index], 1);
                if (Volatile.Read(ref _generation) == seen)
                    _wake[index].Wait();
                Interlocked.Exchange(ref _sleeping[index], 0);
                _wake[index].Reset();
            }
            seen = Volatile.Read(ref _generation);
            if (_stopping)
                return;
            Volatile.Read(ref _batch)?.Execute();
        }
    }

    /// <summary>One kernel's parts: claimed with a counter, counted down as they finish.</summary>
    private sealed class Batch(Action<int> body, int parts)
    {
        private readonly int _parts = parts;
        private int _next;
        public int Remaining = parts;
        public Exception? Failure;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute()
        {
            int part;
            while ((part = Interlocked.Increment(ref _next) - 1) < _parts)
            {
                try
                {
                    body(part);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref Failure, e, null);
                }
                finally
                {
                    Interlocked.Decrement(ref Remaining);
                }
            }
        }
    }
}
