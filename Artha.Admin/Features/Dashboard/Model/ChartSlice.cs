namespace Artha.Admin.Services;

/// <summary>One bar or slice of a dashboard chart: a status and how many are in it (null when Artha gave no total).</summary>
public sealed record ChartSlice(string Key, string Label, int? Count);
