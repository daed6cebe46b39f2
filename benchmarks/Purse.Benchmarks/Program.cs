using BenchmarkDotNet.Running;
using Purse.Benchmarks;

// `dotnet run -c Release --project benchmarks/Purse.Benchmarks -- load` runs the loopback load
// test; anything else goes to BenchmarkDotNet (e.g. `-- --filter '*' --job short`).
if (args.Length > 0 && args[0] == "load")
{
    return await LoadTest.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(InProcessBenchmarks).Assembly).Run(args);
return 0;
