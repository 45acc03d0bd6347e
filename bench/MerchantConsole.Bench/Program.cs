using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MerchantConsole.Bench.Engine;
using MerchantConsole.Bench.Transactions;

namespace MerchantConsole.Bench;

/// <summary>
/// <c>grid …</c> runs the transactions grid and export benchmarks (bench/run-grid.sh), <c>engine …</c> the captures
/// through the merchant API against direct sandbox calls (bench/run-engine.sh); anything else goes to
/// BenchmarkDotNet's signing benchmarks (bench/run-signing.sh). Not top-level statements: the web project's
/// <c>Program</c> is referenced here and must keep its name.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "grid")
        {
            return await GridBench.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "engine")
        {
            return await EngineBench.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "circuits")
        {
            return await Circuits.CircuitBench.MainAsync(args[1..]);
        }

        RunSigning(args);
        return 0;
    }

    private static void RunSigning(string[] args)
    {
        // A short job, in process (no second build): enough for a rate comparison, a few minutes at most.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);

        var summary = BenchmarkRunner.Run<SigningBenchmarks>(config, args);

        // Machine-readable lines for bench/run-signing.sh: name, signatures per second over all iterations
        // (mean) and in the fastest iteration (the least disturbed by other work on a shared machine),
        // bytes allocated per signature.
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var statistics = report.ResultStatistics!;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} {1e9 / statistics.Mean:F1} {1e9 / statistics.Min:F1} {allocated}"));
        }
    }
}
