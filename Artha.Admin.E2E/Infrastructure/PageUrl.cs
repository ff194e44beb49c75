using Microsoft.Playwright;

namespace Artha.Admin.E2E.Infrastructure;

public static class PageUrl
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Waits until the page's address satisfies <paramref name="predicate"/> by polling it, not by listening for a
    /// navigation event. Blazor navigates inside the document (history.pushState) whenever the server decides to,
    /// which can be after an action's call returned; <c>IPage.WaitForURLAsync</c> checks the address and only then
    /// subscribes to navigation events, so a push landing in between is missed and the wait times out on a page that
    /// is already there. Polling the address has no such gap.
    /// </summary>
    public static async Task WaitForUrlAsync(this IPage page, Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!predicate(page.Url))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The page stayed at {page.Url} for {(timeout ?? DefaultTimeout).TotalSeconds:0} s; the expected address never came.");
            }
            await Task.Delay(50);
        }
    }
}
