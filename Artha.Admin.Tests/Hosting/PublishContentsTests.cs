using System.Diagnostics;
using System.Text.Json;

namespace Artha.Admin.Tests.Hosting;

/// <summary>
/// What a publish of the portal carries, read from MSBuild's evaluation of Artha.Admin.csproj (seconds, no build):
/// a production publish has neither the Artha sandbox nor the EF Core design assemblies; a build (run, tests) and a
/// publish asked for with <c>-p:IncludeSandbox=true</c> have the sandbox.
/// </summary>
public class PublishContentsTests
{
    [Fact]
    public async Task A_release_publish_carries_neither_the_sandbox_nor_the_EF_design_assemblies()
    {
        var publish = await EvaluateAsync("-p:Configuration=Release", "-p:_IsPublishing=true");

        Assert.DoesNotContain(publish.ProjectReferences, p => p.Contains("Artha.Sandbox", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("ARTHA_SANDBOX", publish.DefineConstants);
        var design = Assert.Single(publish.PackageReferences, p => p.Include == "Microsoft.EntityFrameworkCore.Design");
        Assert.Equal("false", design.Publish, ignoreCase: true);
        Assert.Equal("all", design.PrivateAssets, ignoreCase: true);
    }

    [Fact]
    public async Task A_build_and_a_publish_asked_for_with_IncludeSandbox_carry_the_sandbox()
    {
        var build = await EvaluateAsync("-p:Configuration=Debug");
        var askedFor = await EvaluateAsync("-p:Configuration=Release", "-p:_IsPublishing=true", "-p:IncludeSandbox=true");

        foreach (var evaluation in new[] { build, askedFor })
        {
            Assert.Contains(evaluation.ProjectReferences, p => p.EndsWith("Artha.Sandbox.csproj", StringComparison.OrdinalIgnoreCase));
            Assert.Contains("ARTHA_SANDBOX", evaluation.DefineConstants);
        }
    }

    private sealed record PackageReference(string Include, string? PrivateAssets, string? Publish);

    private sealed record Evaluation(IReadOnlyList<string> ProjectReferences, IReadOnlyList<PackageReference> PackageReferences, string DefineConstants);

    private static async Task<Evaluation> EvaluateAsync(params string[] properties)
    {
        var project = Path.Combine(RepositoryRoot(), "Artha.Admin", "Artha.Admin.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", "-getItem:ProjectReference", "-getItem:PackageReference", "-getProperty:DefineConstants" }
            .Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }
        // Evaluation only: no build node may linger after the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {string.Join(' ', properties)} failed ({process.ExitCode}): {await output}{await error}");

        using var json = JsonDocument.Parse(await output);
        var items = json.RootElement.GetProperty("Items");
        string? Metadata(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new Evaluation(
            items.TryGetProperty("ProjectReference", out var projects) ? projects.EnumerateArray().Select(p => Metadata(p, "Identity")!).ToList() : [],
            items.GetProperty("PackageReference").EnumerateArray()
                .Select(p => new PackageReference(Metadata(p, "Identity")!, Metadata(p, "PrivateAssets"), Metadata(p, "Publish"))).ToList(),
            json.RootElement.GetProperty("Properties").GetProperty("DefineConstants").GetString() ?? "");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Artha.Admin.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"Artha.Admin.sln not found above {AppContext.BaseDirectory}: run the tests from the repository's build output.");
    }
}
