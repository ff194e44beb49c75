using System.Diagnostics;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>
/// A portal instance as a real child process (<c>dotnet Artha.Admin.dll</c> from the solution's build output), so a
/// test can kill it the hard way (<see cref="KillAsync"/>: SIGKILL, no shutdown code runs). Configured through
/// environment variables like a deployed instance; its console output goes to <c>screenshots/{name}-process.log</c>.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _dataFolder;

    private PortalProcess(string name, Uri address, Process process, StreamWriter log, string dataFolder)
    {
        Name = name;
        Address = address;
        _process = process;
        _log = log;
        _dataFolder = dataFolder;
    }

    /// <summary>The instance id (<c>WorkLeases:InstanceId</c>).</summary>
    public string Name { get; }

    public Uri Address { get; }

    public string LogPath => Path.Combine(PortalServer.ScreenshotFolder, $"{Name}-process.log");

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the portal with <paramref name="settings"/> (configuration keys, e.g. <c>Database:Provider</c>) and waits for <c>/health</c> to answer.</summary>
    public static async Task<PortalProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, TimeSpan startup)
    {
        var dll = AdminAssemblyPath();
        var address = new Uri($"http://127.0.0.1:{PortalServer.FreeLoopbackPort()}/");
        var dataFolder = Path.Combine(Path.GetTempPath(), "artha-admin-e2e", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataFolder);
        Directory.CreateDirectory(PortalServer.ScreenshotFolder);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "Artha.Admin"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.GetLeftPart(UriPartial.Authority));
        // Development like the in-process instances (the development staff exist); everything else from the settings.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Database__DataFolder"] = dataFolder;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var log = new StreamWriter(Path.Combine(PortalServer.ScreenshotFolder, $"{name}-process.log"), append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portal = new PortalProcess(name, address, process, log, dataFolder);
        try
        {
            await portal.WaitHealthyAsync(startup);
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
        return portal;
    }

    /// <summary>SIGKILL (what <c>kill -9</c> sends): the process ends at once, leases and connections as they are.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
    }

    private async Task WaitHealthyAsync(TimeSpan startup)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + startup;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Portal process {Name} exited with code {_process.ExitCode} while starting; see {LogPath}.");
            }
            try
            {
                // Any answer (200 healthy, 503 while a check is still failing) means Kestrel and the app are up.
                using var response = await http.GetAsync("health");
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow > until)
                {
                    throw new TimeoutException($"Portal process {Name} did not answer {Address}health within {startup.TotalSeconds:0} s; see {LogPath}.");
                }
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Artha.Admin.dll of the same build configuration as this test assembly (the solution build puts it there).</summary>
    private static string AdminAssemblyPath()
    {
        // .../Artha.Admin.E2E/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "Artha.Admin", "bin", configuration, tfm.Name, "Artha.Admin.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} does not exist: the kill -9 test runs the portal as a process from the solution's build output. " +
                $"Build the solution first: dotnet build Artha.Admin.sln -c {configuration}");
        }
        return dll;
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
        throw new InvalidOperationException($"No Artha.Admin.sln above {AppContext.BaseDirectory}: run the tests from the repository's build output.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the test closed the log.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp clean-up.
        }
    }
}
