using System.Globalization;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Hosting;
using Artha.Admin.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Artha.Admin.E2E;

/// <summary>
/// Issue #5 acceptance: with the sandbox seeded to 10 000 customers and 100 000 transactions, how long each list
/// page takes from an in-app navigation until its first page of rows is on screen in Chromium. The time includes the
/// browser round trips, so it is an upper bound of the server's render time. Printed, never asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public class ListRenderTimingBenchmark(PortalServer portal, ITestOutputHelper output) : IClassFixture<PortalServer>
{
    private const int Rounds = 5;

    /// <summary>
    /// Navigates inside the circuit and resolves with the milliseconds until <c>selector</c> matches a data row with
    /// text (or, for a list the seed leaves empty, the grid's "nothing here" row). Gives up after 30 s.
    /// </summary>
    private const string TimeNavigation = """
        async ([path, selector, expectData]) => {
            const start = performance.now();
            const isEmptyRow = r => r.classList.contains('rz-datatable-emptymessage-row');
            const visible = () => Array.from(document.querySelectorAll(selector))
                .some(r => r.textContent.trim().length > 0 && (expectData ? !isEmptyRow(r) : true));
            await new Promise((resolve, reject) => {
                const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no rows for ' + path + ' after 30 s')); }, 30000);
                const observer = new MutationObserver(() => {
                    if (location.pathname === '/' + path && visible()) { clearTimeout(timer); observer.disconnect(); resolve(); }
                });
                observer.observe(document.body, { subtree: true, childList: true, characterData: true });
                Blazor.navigateTo(path);
            });
            return performance.now() - start;
        }
        """;

    [Fact]
    public async Task First_pages_render_with_ten_thousand_customers_and_a_hundred_thousand_transactions()
    {
        using (var control = new HttpClient { BaseAddress = portal.Services.GetRequiredService<EmbeddedSandbox>().Address, Timeout = TimeSpan.FromMinutes(2) })
        {
            var seeded = await control.PostAsync("/_sandbox/seed?customers=10000&cardsPerCustomer=1&transactionsPerCard=10", null);
            seeded.EnsureSuccessStatusCode();
        }
        await using var admin = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "list-timing");

        // The seed creates purchases, not top-ups, so the top-up history's first page is its empty state.
        (string Name, string Path, string Rows, bool ExpectData)[] lists =
        [
            ("customers", "customers", "#customers-grid tbody tr", true),
            ("cards", "cards", "#cards-grid tbody tr", true),
            ("transactions", "transactions", ".transactions-grid tbody tr", true),
            ("top-ups", "topups", ".topup-grid tbody tr", false),
        ];
        output.WriteLine($"Sandbox seeded with 10 000 customers, 10 000 cards, 100 000 transactions. In-app navigation to first rows on screen, {Rounds} rounds:");
        foreach (var (name, path, rows, expectData) in lists)
        {
            var samples = new List<double>();
            for (var round = 0; round < Rounds + 1; round++)
            {
                await admin.NavigateAsync("");
                var ms = await admin.Page.EvaluateAsync<double>(TimeNavigation, new object[] { path, rows, expectData });
                if (round > 0)
                {
                    samples.Add(ms); // the first round warms up the page's code paths
                }
            }
            samples.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-13} best {samples[0],7:F0} ms   median {samples[samples.Count / 2],7:F0} ms   worst {samples[^1],7:F0} ms"));
        }
        await admin.ScreenshotAsync("customers-seeded");
    }
}
