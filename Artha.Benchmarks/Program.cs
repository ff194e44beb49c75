using System.Diagnostics;
using System.Text.Json;
using Artha.Client.Http;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Client.Signing;

// Measures the client-side cost of preparing one signed top-up request: serialise the body once, wrap it in the
// request content, and compute the five authentication headers onto the HttpRequestMessage. Network I/O is excluded.
const int WarmupIterations = 50_000;
const int MeasuredIterations = 200_000;
const long TargetNanoseconds = 5_000;
const long TargetBytes = 2_048;

var signer = new ArthaRequestSigner("ak_live_8f3a9b2c1d4e5f6a", "mJ8v3aQpT5y2rX6nK9cD4eH7sB1uF0gLzN2wV8tYqP=");
var requestUri = new Uri("https://api.example.com/api/v1/cards/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11/topup");
var topUp = new TopUpRequest(500.0m, "GBP");

// Checksum of the produced signatures so the JIT cannot drop the work.
long checksum = 0;

for (var i = 0; i < WarmupIterations; i++)
{
    checksum += PrepareSignedTopUp(signer, requestUri, topUp);
}

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();

var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var started = Stopwatch.GetTimestamp();
for (var i = 0; i < MeasuredIterations; i++)
{
    checksum += PrepareSignedTopUp(signer, requestUri, topUp);
}

var elapsed = Stopwatch.GetElapsedTime(started);
var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

var nanosecondsPerCall = elapsed.TotalNanoseconds / MeasuredIterations;
var bytesPerCall = (double)allocated / MeasuredIterations;
Console.WriteLine($"Signed top-up request preparation ({MeasuredIterations:N0} iterations after {WarmupIterations:N0} warm-up)");
Console.WriteLine($"  mean time:       {nanosecondsPerCall:N0} ns/call   (target < {TargetNanoseconds:N0} ns)");
Console.WriteLine($"  allocated:       {bytesPerCall:N0} bytes/call (target < {TargetBytes:N0} bytes)");
Console.WriteLine($"  gen0 collections: {GC.CollectionCount(0)}   checksum: {checksum}");
var met = nanosecondsPerCall < TargetNanoseconds && bytesPerCall < TargetBytes;
Console.WriteLine(met ? "  targets met" : "  TARGETS NOT MET");
return met ? 0 : 1;

static int PrepareSignedTopUp(ArthaRequestSigner signer, Uri requestUri, TopUpRequest topUp)
{
    var body = JsonSerializer.SerializeToUtf8Bytes(topUp, ArthaJsonContext.Default.TopUpRequest);
    using var request = new HttpRequestMessage(HttpMethod.Post, requestUri) { Content = new ArthaJsonContent(body) };
    var headers = signer.Sign(request.Method.Method, requestUri.PathAndQuery, body);
    request.Headers.TryAddWithoutValidation(ArthaSigningHandler.ApiKeyHeader, headers.ApiKey);
    request.Headers.TryAddWithoutValidation(ArthaSigningHandler.TimestampHeader, headers.Timestamp);
    request.Headers.TryAddWithoutValidation(ArthaSigningHandler.NonceHeader, headers.Nonce);
    request.Headers.TryAddWithoutValidation(ArthaSigningHandler.BodyHashHeader, headers.BodyHash);
    request.Headers.TryAddWithoutValidation(ArthaSigningHandler.SignatureHeader, headers.Signature);
    return headers.Signature.Length;
}
