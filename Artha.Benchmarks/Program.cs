using Artha.Benchmarks;

// Usage: dotnet run -c Release --project Artha.Benchmarks [-- client | -- sandbox]   (default: client)
// Add --smoke for a run of a few hundred calls that only checks the benchmark still works.
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0].ToLowerInvariant() : "client";
var smoke = args.Contains("--smoke");
return mode switch
{
    "client" => await ClientSigningBenchmark.RunAsync(smoke),
    "sandbox" => await SandboxTransactionsBenchmark.RunAsync(smoke),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project Artha.Benchmarks -- [client|sandbox]");
    Console.Error.WriteLine("  client   (default) one signed top-up through IArthaClient (Refit) and through a hand-written HttpClient (the floor)");
    Console.Error.WriteLine("  sandbox  p50/p95/p99 of GET /api/v1/cards/{id}/transactions?limit=50 with 100 000 seeded transactions");
    return 64;
}
