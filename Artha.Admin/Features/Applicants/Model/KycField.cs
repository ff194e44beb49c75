namespace Artha.Admin.Services;

/// <summary>
/// One field of the KYC/KYB form. <see cref="Key"/> is the name sent to Artha (the Submit page's spelling, §7.4);
/// <see cref="Code"/> is the requirement code that asks for it.
/// </summary>
public sealed record KycField(string Key, string Label, KycFieldKind Kind, bool Required, string Code, string? Hint = null)
{
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The longest value accepted (the form caps its input; the service refuses longer values).</summary>
    public int MaxLength { get; init; } = 200;
}
