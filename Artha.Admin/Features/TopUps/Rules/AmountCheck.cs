namespace Artha.Admin.Features.TopUps.Rules;

/// <summary>The verdict of <see cref="AmountRule"/>: the amount when the text is acceptable, else why not.</summary>
public sealed record AmountCheck(decimal? Amount, string? Error)
{
    public bool IsValid => Error is null && Amount is not null;
}
