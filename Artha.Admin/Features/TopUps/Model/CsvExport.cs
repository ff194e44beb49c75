namespace Artha.Admin.Services;

/// <summary>A generated CSV file. <see cref="Capped"/> when the filtered set was larger than the export cap.</summary>
public sealed record CsvExport(string FileName, byte[] Content, int Rows, int? Matching, bool Capped)
{
    public const string ContentType = "text/csv";

    /// <summary>What to tell the user after the download, including when the cap cut the export short.</summary>
    public string Summary()
    {
        var rows = Rows == 1 ? "1 row" : $"{Rows:N0} rows";
        return Capped
            ? $"{rows} exported: the export stops at {ArthaService.ExportCap:N0} rows, and {Matching?.ToString("N0") ?? "more"} match. Narrow the filters to export the rest."
            : $"{rows} exported to {FileName}.";
    }
}
