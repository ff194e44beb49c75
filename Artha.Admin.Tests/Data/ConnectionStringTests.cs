using Artha.Admin.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Artha.Admin.Tests.Data;

/// <summary>Where the portal finds its connection string: Database:ConnectionString, else ConnectionStrings:&lt;provider&gt;.</summary>
public class ConnectionStringTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void A_blank_database_connection_string_as_appsettings_ships_it_falls_back_to_ConnectionStrings_Postgres()
    {
        var configuration = Config(("Database:Provider", "Postgres"), ("Database:ConnectionString", ""),
            ("ConnectionStrings:Postgres", "Host=db.internal;Database=artha_admin"));

        var resolved = DatabaseRegistration.ResolvePostgresConnectionString(DatabaseRegistration.ReadOptions(configuration), configuration);

        Assert.Equal("Host=db.internal;Database=artha_admin", resolved);
    }

    [Fact]
    public void Database_connection_string_wins_over_ConnectionStrings_Postgres()
    {
        var configuration = Config(("Database:ConnectionString", "Host=primary"), ("ConnectionStrings:Postgres", "Host=fallback"));

        Assert.Equal("Host=primary", DatabaseRegistration.ResolvePostgresConnectionString(DatabaseRegistration.ReadOptions(configuration), configuration));
    }

    [Fact]
    public void Postgres_without_any_connection_string_fails_with_a_message_naming_both_keys()
    {
        var configuration = Config(("Database:Provider", "Postgres"), ("Database:ConnectionString", " "));

        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseRegistration.ResolvePostgresConnectionString(DatabaseRegistration.ReadOptions(configuration), configuration));

        Assert.Contains("Database:ConnectionString", error.Message);
        Assert.Contains("ConnectionStrings:Postgres", error.Message);
    }

    [Fact]
    public void A_blank_database_connection_string_falls_back_to_ConnectionStrings_Sqlite()
    {
        var configuration = Config(("Database:ConnectionString", ""), ("ConnectionStrings:Sqlite", "Data Source=/srv/artha/portal.db"));

        var resolved = DatabaseRegistration.ResolveSqliteConnectionString(DatabaseRegistration.ReadOptions(configuration), configuration, new TestEnvironment());

        Assert.Equal("Data Source=/srv/artha/portal.db", resolved);
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "Artha.Admin";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
