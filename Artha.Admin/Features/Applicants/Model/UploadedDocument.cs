namespace Artha.Admin.Services;

/// <summary>A stored document: put <see cref="Url"/> in the file field.</summary>
public sealed record UploadedDocument(string FileName, string Url);
