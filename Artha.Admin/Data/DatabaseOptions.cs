using System.ComponentModel.DataAnnotations;

namespace Artha.Admin.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Connection string. Empty with SQLite means a file <c>artha-admin.db</c> in the portal's data folder;
    /// with PostgreSQL it is required (or <c>ConnectionStrings:Postgres</c>), with SQL Server too (or
    /// <c>ConnectionStrings:SqlServer</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the portal starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Where the SQLite file and other local data live; relative paths are under the content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "App_Data";
}
