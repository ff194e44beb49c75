using Artha.Admin.Services;
using MudBlazor;

namespace Artha.Admin.Components.UI;

/// <summary>What a list page asks of its service for one page of rows: the grid state in the portal's own terms.</summary>
public sealed record ListRequest(int Offset, int Limit, ListSort? Sort);

/// <summary>
/// The one adapter from a <see cref="MudDataGrid{T}"/>'s server-data request to the portal's list queries: page and
/// page size become offset and limit, the first sort column becomes a <see cref="ListSort"/>, the grid's cancellation
/// token reaches the Artha call, and an expected failure (Artha down or refusing, a permission) becomes
/// <see cref="Error"/> for the page's <c>ListState</c> instead of an exception. Pages bind
/// <c>ServerData="source.LoadAsync"</c>.
/// </summary>
public sealed class GridSource<T>(Func<ListRequest, CancellationToken, Task<ListPage<T>>> load, string whatIsListed)
{
    /// <summary>Why the last load failed, in words staff can act on; null when it succeeded.</summary>
    public string? Error { get; private set; }

    /// <summary>True once a load has finished (rows or not): an empty list is only "empty" after that.</summary>
    public bool Loaded { get; private set; }

    /// <summary>The rows of the page on screen.</summary>
    public IReadOnlyList<T> Items { get; private set; } = [];

    /// <summary>Page index (0-based) and size of the last request: what the URL keeps.</summary>
    public int Page { get; private set; }

    public int PageSize { get; private set; }

    /// <summary>Raised after each load, e.g. so a page can write page and size to the URL.</summary>
    public event Action? Changed;

    public async Task<GridData<T>> LoadAsync(GridState<T> state, CancellationToken cancellationToken)
    {
        var size = state.PageSize > 0 ? state.PageSize : 20;
        Page = Math.Max(0, state.Page);
        PageSize = size;
        var request = new ListRequest(Page * size, size, SortOf(state));
        try
        {
            var page = await load(request, cancellationToken);
            Error = null;
            Items = page.Items;
            Loaded = true;
            Changed?.Invoke();
            return new GridData<T> { Items = page.Items, TotalItems = page.CountForPager(size) };
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            Error = $"{whatIsListed} could not be loaded. {PortalNotifier.Describe(ex)}";
            Items = [];
            Loaded = true;
            return new GridData<T> { Items = [], TotalItems = 0 };
        }
    }

    private static ListSort? SortOf(GridState<T> state) =>
        state.SortDefinitions.FirstOrDefault() is { } first ? new ListSort(first.SortBy, first.Descending) : null;
}
