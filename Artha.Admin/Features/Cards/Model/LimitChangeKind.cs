namespace Artha.Admin.Services;

public enum LimitChangeKind
{
    /// <summary>The limit is not sent: Artha leaves it as it is.</summary>
    Unchanged,
    /// <summary>The limit is set to <see cref="LimitChange.Amount"/>.</summary>
    Set,
    /// <summary>The limit goes back to the product default.</summary>
    ResetToDefault,
}
