using System.Globalization;
using Artha.Admin.Auditing;
using Artha.Admin.Components.UI;
using Artha.Admin.Features.TopUps.Rules;
using Artha.Admin.Features.Transactions.Rules;
using Artha.Admin.Security;
using Artha.Client.Models;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>Transaction types Artha documents, for filter pickers.</summary>
    public static IReadOnlyList<string> TransactionTypes { get; } = TransactionType.Known.Select(t => t.Value).ToList();

    /// <summary>Transaction statuses Artha documents, for filter pickers.</summary>
    public static IReadOnlyList<string> TransactionStatuses { get; } = TransactionStatus.Known.Select(t => t.Value).ToList();

    /// <summary>One page of transactions: all, one card's (<see cref="TransactionFilter.CardId"/>) or one customer's; newest first.</summary>
    public Task<ListPage<TransactionView>> ListTransactionsAsync(TransactionFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "transaction.list", TransactionScope(filter),
            ct => ListTransactionsCoreAsync(filter, offset, limit, ct), cancellationToken);

    /// <summary>One card's transactions.</summary>
    public Task<ListPage<TransactionView>> ListCardTransactionsAsync(string cardId, TransactionFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        ListTransactionsAsync(filter with { CardId = cardId, CustomerId = null }, offset, limit, cancellationToken);

    /// <summary>One customer's transactions.</summary>
    public Task<ListPage<TransactionView>> ListCustomerTransactionsAsync(string customerId, TransactionFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        ListTransactionsAsync(filter with { CustomerId = customerId, CardId = null }, offset, limit, cancellationToken);

    public Task<TransactionView> GetTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "transaction.get", new AuditTarget("transaction", transactionId),
            async ct => ToTransactionView(await artha.Transactions.GetAsync(transactionId, ct)), cancellationToken);

    /// <summary>Most of a card's history read to explain a decline against a yearly or lifetime limit.</summary>
    public const int DeclineHistoryCap = 2_000;

    /// <summary>
    /// "Why was this declined?": for a declined transaction (or a rejected top-up's transaction) the reason in plain words,
    /// the control that stopped it, and for a spending limit its value, what was already spent in its period, what was
    /// left and when it resets (<see cref="DeclineExplainer"/>). Null when the transaction was not declined.
    /// </summary>
    public Task<DeclineExplanation?> ExplainDeclineAsync(string transactionId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "transaction.explain-decline", new AuditTarget("transaction", transactionId), async ct =>
        {
            var transaction = ToTransactionView(await artha.Transactions.GetAsync(transactionId, ct));
            if (transaction.Status != "declined")
            {
                return null;
            }
            if (transaction.Type == "top_up")
            {
                return DeclineExplainer.ExplainTopUp(transaction.Description);
            }
            if (transaction.CardId is not { Length: > 0 } cardId)
            {
                return DeclineExplainer.Explain(transaction, new CardLimitsView(null, null, null, null, null, null, null), []);
            }
            var limits = ToLimitsView(await artha.Limits.GetAsync(cardId, ct));
            // Only a spending limit needs history, and only its period's: from the start of that UTC day/month/year
            // (all of it for the lifetime limit) to the decline.
            var at = (transaction.AuthorizedAt ?? clock.GetUtcNow()).ToUniversalTime();
            var (needed, from) = DeclineExplainer.HistoryWindow(DeclineExplainer.ReasonCode(transaction.Description), at);
            var history = new List<TransactionView>();
            var complete = true;
            if (needed)
            {
                var filter = new TransactionFilter { CardId = cardId, From = from, To = DateOnly.FromDateTime(at.UtcDateTime) };
                while (true)
                {
                    var page = await ListTransactionsCoreAsync(filter, history.Count, ArthaMaxPageSize, ct);
                    history.AddRange(page.Items);
                    if (page.Items.Count == 0 || (page.Total is { } total && history.Count >= total))
                    {
                        break;
                    }
                    if (history.Count >= DeclineHistoryCap)
                    {
                        complete = false;
                        break;
                    }
                }
            }
            return DeclineExplainer.Explain(transaction, limits, history, complete);
        }, cancellationToken);

    /// <summary>CSV of the filtered transactions (at most <see cref="ExportCap"/> rows). Needs MoveMoney; audited.</summary>
    public async Task<CsvExport> ExportTransactionsCsvAsync(TransactionFilter filter, CancellationToken cancellationToken = default)
    {
        var export = await ReadAsync(Permission.MoveMoney, "transaction.export", TransactionScope(filter), async ct =>
        {
            var rows = new List<TransactionView>();
            int? matching = null;
            var capped = true;
            while (rows.Count < ExportCap)
            {
                var page = await ListTransactionsCoreAsync(filter, rows.Count, Math.Min(ArthaMaxPageSize, ExportCap - rows.Count), ct);
                matching ??= page.Total;
                rows.AddRange(page.Items);
                if (page.Items.Count == 0 || (matching is { } total && rows.Count >= total))
                {
                    capped = false;
                    break;
                }
            }
            capped = capped && (matching is null || matching > rows.Count);
            var content = CsvFile.Build(rows,
                ("Transaction id", t => t.Id),
                ("Authorized (UTC)", t => t.AuthorizedAt),
                ("Type", t => t.Type),
                ("Sub-type", t => t.SubType),
                ("Status", t => t.Status),
                ("Amount", t => t.Amount),
                ("Currency", t => t.Currency),
                ("Local amount", t => t.LocalAmount),
                ("Local currency", t => t.LocalCurrency),
                ("Fee", t => t.Fee),
                ("Fee currency", t => t.FeeCurrency),
                ("Settled amount", t => t.SettleAmount),
                ("Settled (UTC)", t => t.SettleDate),
                ("Merchant", t => t.MerchantName),
                ("MCC", t => t.MerchantCategoryCode),
                ("Merchant country", t => t.MerchantCountry),
                ("Merchant city", t => t.MerchantCity),
                ("Card id", t => t.CardId),
                ("Customer id", t => t.CustomerId),
                ("Description", t => t.Description));
            return new CsvExport($"transactions-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv", content, rows.Count, matching, capped);
        }, cancellationToken);
        await audit.RecordAsync("transaction.export", TransactionScope(filter), AuditOutcome.Succeeded,
            $"{export.Rows} rows{(export.Capped ? $" (capped at {ExportCap})" : "")}; filter {Describe(filter)}", cancellationToken: CancellationToken.None);
        return export;
    }

    private async Task<ListPage<TransactionView>> ListTransactionsCoreAsync(TransactionFilter filter, int offset, int limit, CancellationToken ct)
    {
        if (FilterRangeRule.Error(filter.From, filter.To, filter.MinAmount, filter.MaxAmount) is { } rangeError)
        {
            throw MoneyText.ValidationError(rangeError == FilterRangeRule.ReversedDates ? "from" : "min", rangeError);
        }
        var query = new TransactionListQuery
        {
            Type = MoneyText.NullIfBlank(filter.Type) is { } type ? new TransactionType(type) : (TransactionType?)null,
            Status = MoneyText.NullIfBlank(filter.Status) is { } status ? new TransactionStatus(status) : (TransactionStatus?)null,
            From = MoneyText.StartOf(filter.From),
            To = MoneyText.EndOf(filter.To),
            Merchant = ArthaInputLimits.Search(filter.Merchant, "merchant", "merchant filter"),
            MinAmount = filter.MinAmount,
            MaxAmount = filter.MaxAmount,
            Offset = offset,
            Limit = limit,
        };
        var cardId = MoneyText.NullIfBlank(filter.CardId);
        var customerId = MoneyText.NullIfBlank(filter.CustomerId);
        if (cardId is not null && customerId is not null)
        {
            // Both given: the card's own list, provided the card belongs to that customer (asked once, before paging,
            // so the pager's total stays Artha's count of exactly these rows).
            var card = await artha.Cards.GetAsync(cardId, ct);
            if (card.CustomerId is { Length: > 0 } owner && !string.Equals(owner, customerId, StringComparison.OrdinalIgnoreCase))
            {
                return new ListPage<TransactionView>([], 0, offset);
            }
        }
        var page = cardId is not null
            ? await artha.Transactions.ListByCardAsync(cardId, query, ct)
            : customerId is not null
                ? await artha.Transactions.ListByCustomerAsync(customerId, query, ct)
                : await artha.Transactions.ListAsync(query, ct);
        return new ListPage<TransactionView>(page.Items.Select(ToTransactionView).ToList(), page.Total, offset);
    }

    private static AuditTarget? TransactionScope(TransactionFilter filter) =>
        MoneyText.NullIfBlank(filter.CardId) is { } card ? new AuditTarget("card", card)
        : MoneyText.NullIfBlank(filter.CustomerId) is { } customer ? new AuditTarget("customer", customer)
        : null;

    private static TransactionView ToTransactionView(Transaction t) => new(
        t.TransactionId,
        t.CardId,
        t.CustomerId,
        t.Type?.Value is { Length: > 0 } type ? type.ToLowerInvariant() : "unknown",
        t.SubType,
        t.Status?.Value is { Length: > 0 } status ? status.ToLowerInvariant() : "unknown",
        t.AuthorizedAmount ?? t.LocalAmount ?? 0m,
        (t.AuthorizedCurrency ?? t.LocalCurrency ?? "").ToUpperInvariant(),
        t.LocalAmount,
        t.LocalCurrency,
        t.Fee,
        t.FeeCurrency,
        t.CrossborderFee,
        t.CrossborderFeeCurrency,
        t.SettleAmount,
        t.SettleCurrency,
        t.SettleDate,
        t.MerchantName,
        t.MerchantCategoryCode,
        t.MerchantCountry,
        t.MerchantCity,
        t.AuthorizationCode,
        t.AuthorizedAt,
        t.OriginalTransactionId,
        t.Description);

    private static string Describe(TransactionFilter f) => MoneyText.Describe(
        MoneyText.NullIfBlank(f.Type) is { } type ? $"type {type}" : null,
        MoneyText.NullIfBlank(f.Status) is { } s ? $"status {s}" : null,
        f.From is { } from ? $"from {from:yyyy-MM-dd}" : null,
        f.To is { } to ? $"to {to:yyyy-MM-dd}" : null,
        MoneyText.NullIfBlank(f.Merchant) is { } m ? $"merchant {m}" : null,
        f.MinAmount is { } min ? $"min {min.ToString("0.00", CultureInfo.InvariantCulture)}" : null,
        f.MaxAmount is { } max ? $"max {max.ToString("0.00", CultureInfo.InvariantCulture)}" : null,
        MoneyText.NullIfBlank(f.CardId) is { } c ? $"card {c}" : null,
        MoneyText.NullIfBlank(f.CustomerId) is { } cu ? $"customer {cu}" : null);
}
