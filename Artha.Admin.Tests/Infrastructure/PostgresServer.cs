using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Artha.Admin.Tests.Infrastructure;

/// <summary>
/// A private, throw-away PostgreSQL cluster for the test run: initdb into a temp folder, start on a free
/// loopback port with trust auth, stop and delete on dispose. Set ARTHA_TEST_POSTGRES to a connection string
/// to use an existing server instead. A missing PostgreSQL fails the tests (it never skips them): the README's
/// test command installs it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _dataDirectory;
    private string? _binDirectory;
    private bool _runAsPostgresUser;

    public string ConnectionString { get; private set; } = "";

    public string ConnectionStringFor(string database) => ConnectionString.Replace("Database=postgres", $"Database={database}");

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ARTHA_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        _binDirectory = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_binDirectory is null)
        {
            throw new InvalidOperationException(
                "PostgreSQL is not installed, so the PostgreSQL tests cannot run. Install it (apt-get install -y postgresql) " +
                "or run the README's test command, which installs it; or set ARTHA_TEST_POSTGRES to a connection string.");
        }

        // initdb refuses to run as root; CI runs as root, so the cluster is owned by the postgres system user.
        _runAsPostgresUser = Environment.UserName == "root";
        _dataDirectory = Path.Combine(Path.GetTempPath(), "artha-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDirectory);
        if (_runAsPostgresUser)
        {
            await RunAsync("chown", $"postgres:postgres {_dataDirectory}", asPostgres: false);
        }

        var port = FreePort();
        await RunAsync(Path.Combine(_binDirectory, "initdb"), $"-D {_dataDirectory} -U postgres --auth=trust --encoding=UTF8 --no-sync", _runAsPostgresUser);
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
            $"-D {_dataDirectory} -w -t 60 -l {_dataDirectory}/server.log -o \"-p {port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off\" start",
            _runAsPostgresUser);
        ConnectionString = $"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Pooling=false";
    }

    public async Task DisposeAsync()
    {
        if (_dataDirectory is null || _binDirectory is null)
        {
            return;
        }
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), $"-D {_dataDirectory} -m immediate stop", _runAsPostgresUser);
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
