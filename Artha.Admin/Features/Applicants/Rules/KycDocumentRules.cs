namespace Artha.Admin.Features.Applicants.Rules;

/// <summary>
/// What a KYC/KYB document upload may be: a JPEG, PNG or PDF of at most 10 MB, recognised by its content (the first
/// bytes), not only by its name, so a renamed text file is refused. The form and
/// <see cref="Services.ArthaService.UploadKycDocumentAsync"/> both apply it; the content type sent to Artha is the detected one.
/// </summary>
public static class KycDocumentRules
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Bytes needed to recognise every accepted format.</summary>
    public const int HeaderLength = 8;

    /// <summary>For the file input's <c>accept</c> attribute.</summary>
    public const string Accept = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf";

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".pdf"] = "application/pdf",
    };

    public const string WrongKind = "Only JPEG, PNG or PDF documents are accepted. Choose a photo or scan in one of these formats.";

    /// <summary>The refusal of a file that is too big (null when its size is fine).</summary>
    public static string? SizeProblem(long size) => size switch
    {
        0 => "The file is empty. Choose the document again.",
        > MaxBytes => "The file is larger than 10 MB. Choose a smaller file, or scan at a lower resolution.",
        _ => null,
    };

    /// <summary>The format the first bytes show: <c>image/jpeg</c>, <c>image/png</c>, <c>application/pdf</c>, or null for anything else.</summary>
    public static string? DetectContentType(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return "image/jpeg";
        }
        if (header.Length >= 8 && header[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (header.Length >= 5 && header[..5].SequenceEqual("%PDF-"u8))
        {
            return "application/pdf";
        }
        return null;
    }

    /// <summary>
    /// The content type to send for a file named <paramref name="fileName"/> whose content starts with
    /// <paramref name="header"/>, or the refusal: the name must end in .jpg/.jpeg/.png/.pdf and the content must be that format.
    /// </summary>
    public static (string? ContentType, string? Problem) Check(string fileName, ReadOnlySpan<byte> header)
    {
        var detected = DetectContentType(header);
        if (!Extensions.TryGetValue(Path.GetExtension(fileName ?? ""), out var named) || detected is null)
        {
            return (null, WrongKind);
        }
        return named == detected
            ? (detected, null)
            : (null, $"The file's name says {Describe(named)} but its content is {Describe(detected)}. Choose the original document.");
    }

    private static string Describe(string contentType) => contentType switch
    {
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        _ => "PDF",
    };
}
