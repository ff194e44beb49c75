namespace Artha.Admin.Services;

/// <summary>One page of a server-side paged list. <see cref="Total"/> is null when Artha does not say.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int? Total, int Offset)
{
    public static ListPage<T> Empty { get; } = new([], 0, 0);

    /// <summary>The count to give a pager: the total when known, else enough to offer one more page when this one is full.</summary>
    public int CountForPager(int pageSize) => Total ?? Offset + Items.Count + (Items.Count == pageSize ? pageSize : 0);
}

/// <summary>
/// The order a user chose by clicking a column header: the column's property name and the direction. Only lists the
/// portal reads from its own database take one; Artha's list endpoints have no sort parameter, so Artha lists keep
/// Artha's order (newest first).
/// </summary>
public sealed record ListSort(string Property, bool Descending);

/// <summary>Applies a <see cref="ListSort"/> through a fixed map of sortable columns; unknown columns fall back to the default order.</summary>
internal static class ListSorting
{
    public static IOrderedQueryable<T> SortBy<T, TKey>(this IQueryable<T> query, bool descending, System.Linq.Expressions.Expression<Func<T, TKey>> key) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);
}
