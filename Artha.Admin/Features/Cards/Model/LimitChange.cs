namespace Artha.Admin.Services;

/// <summary>What to do with one limit: leave it, set it, or reset it to the product default — three different things.</summary>
public readonly record struct LimitChange(LimitChangeKind Kind, decimal? Amount)
{
    public static LimitChange Unchanged => default;
    public static LimitChange ResetToDefault => new(LimitChangeKind.ResetToDefault, null);
    public static LimitChange Set(decimal amount) => new(LimitChangeKind.Set, amount);

    public override string ToString() => Kind switch
    {
        LimitChangeKind.Set => Amount?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        LimitChangeKind.ResetToDefault => "product default",
        _ => "unchanged",
    };
}
