using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Artha.Admin.Tests.Infrastructure;

/// <summary>
/// A private, throw-away redis-server for the test run: started on a free loopback port with no persistence
/// (<c>--save '' --appendonly no</c>) in a temp folder, stopped on dispose. Set ARTHA_TEST_REDIS to a
/// StackExchange.Redis configuration string to use an existing server instead. A missing redis-server fails the
/// tests (it never skips them): the README's test command installs it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private string? _directory;

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration { get; private set; } = "";

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ARTHA_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Configuration = external;
            return;
        }

        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server is not installed, so the Redis tests cannot run. Install it (apt-get install -y redis-server) " +
                "or run the README's test command, which installs it; or set ARTHA_TEST_REDIS to a configuration string.");

        _directory = Path.Combine(Path.GetTempPath(), "artha-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--protected-mode", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start ({_process.ExitCode}).");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
        Configuration = $"127.0.0.1:{Port}";
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
