using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Data;

public static class DatabaseRegistration
{
    /// <summary>Registers <see cref="AdminDbContext"/> on the provider chosen by <c>Database:Provider</c>.</summary>
    public static IServiceCollection AddAdminDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = ReadOptions(configuration);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqliteConnectionString(options, configuration, environment);
                services.AddContextOn<SqliteAdminDbContext>(o => o.UseSqlite(sqlite));
                break;
            case DatabaseProvider.Postgres:
                var postgres = ResolvePostgresConnectionString(options, configuration);
                services.AddContextOn<PostgresAdminDbContext>(o => o.UseNpgsql(postgres));
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = ResolveSqlServerConnectionString(options, configuration);
                services.AddContextOn<SqlServerAdminDbContext>(o => o.UseSqlServer(sqlServer));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported. Use Sqlite, Postgres or SqlServer.");
        }

        // Background work (due watches, top-ups to reconcile) is claimed row by row, so every instance can run it.
        services.AddOptions<WorkLeaseOptions>().Bind(configuration.GetSection(WorkLeaseOptions.Section));
        services.AddSingleton<WorkLeases>();

        return services;
    }

    /// <summary>The <c>Database</c> section as registration sees it (defaults when absent).</summary>
    public static DatabaseOptions ReadOptions(IConfiguration configuration) =>
        configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

    /// <summary>The PostgreSQL connection string: <c>Database:ConnectionString</c>, else <c>ConnectionStrings:Postgres</c>.</summary>
    /// <exception cref="InvalidOperationException">Neither is set.</exception>
    public static string ResolvePostgresConnectionString(DatabaseOptions options, IConfiguration configuration)
    {
        var postgres = Configured(options.ConnectionString) ?? configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException(
                "Database:Provider is Postgres but no connection string is set. Set Database:ConnectionString " +
                "(or ConnectionStrings:Postgres), e.g. \"Host=127.0.0.1;Database=artha_admin;Username=artha;Password=...\".");
        }
        return postgres;
    }

    /// <summary>The SQL Server connection string: <c>Database:ConnectionString</c>, else <c>ConnectionStrings:SqlServer</c>.</summary>
    /// <exception cref="InvalidOperationException">Neither is set.</exception>
    public static string ResolveSqlServerConnectionString(DatabaseOptions options, IConfiguration configuration)
    {
        var sqlServer = Configured(options.ConnectionString) ?? configuration.GetConnectionString("SqlServer");
        if (string.IsNullOrWhiteSpace(sqlServer))
        {
            throw new InvalidOperationException(
                "Database:Provider is SqlServer but no connection string is set. Set Database:ConnectionString " +
                "(or ConnectionStrings:SqlServer), e.g. \"Server=db.internal;Database=artha_admin;User Id=artha;Password=...;Encrypt=True\".");
        }
        return sqlServer;
    }

    public static string ResolveSqliteConnectionString(DatabaseOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = Configured(options.ConnectionString) ?? configuration.GetConnectionString("Sqlite");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return $"Data Source={Path.Combine(ResolveDataFolder(configuration, environment), "artha-admin.db")};Cache=Shared";
    }

    /// <summary>
    /// A blank <c>Database:ConnectionString</c> (appsettings.json ships it as "") counts as not set, so the
    /// <c>ConnectionStrings:Postgres</c> / <c>ConnectionStrings:Sqlite</c> fallbacks apply.
    /// </summary>
    private static string? Configured(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The portal's data folder (<c>Database:DataFolder</c>, relative to the content root), created if missing.</summary>
    public static string ResolveDataFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.DataFolder)}"];
        var folder = string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured;
        folder = Path.IsPathRooted(folder) ? folder : Path.Combine(environment.ContentRootPath, folder);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Applies pending migrations when <c>Database:MigrateOnStartup</c> is true (the default).</summary>
    public static async Task MigrateAdminDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStartup)
        {
            return;
        }

        var db = scope.ServiceProvider.GetRequiredService<AdminDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    // Blazor Server circuits are long-lived, so pages and services create short-lived contexts from the
    // factory; the scoped AdminDbContext serves Identity's stores and per-request work.
    private static void AddContextOn<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : AdminDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.AddSingleton<IDbContextFactory<AdminDbContext>>(sp => new ForwardingFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped<AdminDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
    }

    private sealed class ForwardingFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AdminDbContext>
        where TContext : AdminDbContext
    {
        public AdminDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
