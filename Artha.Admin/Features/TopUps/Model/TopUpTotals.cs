namespace Artha.Admin.Services;

/// <summary>Totals over <see cref="Covered"/> top-ups; <see cref="Matching"/> is Artha's count of the filtered set when it gives one.</summary>
public sealed record TopUpTotals(IReadOnlyList<TopUpTotal> Lines, int Covered, int? Matching, bool Capped)
{
    public bool CoversAll => !Capped && (Matching is null || Covered >= Matching);
}
