namespace Artha.Admin.Services;

/// <summary>One page of a server-side paged list. <see cref="Total"/> is null when Artha does not say.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int? Total, int Offset)
{
    public static ListPage<T> Empty { get; } = new([], 0, 0);

    /// <summary>The count to give a pager: the total when known, else enough to offer one more page when this one is full.</summary>
    public int CountForPager(int pageSize) => Total ?? Offset + Items.Count + (Items.Count == pageSize ? pageSize : 0);
}
