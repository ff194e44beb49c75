using Artha.Sandbox.Http;
using Artha.Sandbox.Webhooks;
using Microsoft.Extensions.Options;

namespace Artha.Sandbox.State;

/// <summary>
/// The whole simulated issuer in memory. One lock guards all of it: operations are short, and a single lock keeps
/// cross-entity invariants (merchant balance vs top-ups, card balance vs transactions) trivially consistent.
/// Records never leave the lock; callers get response models built inside it.
/// </summary>
public sealed partial class SandboxStore
{
    private readonly Lock _gate = new();
    private readonly IOptions<SandboxOptions> _options;
    private readonly TimeProvider _time;
    private readonly WebhookQueue _webhooks;
    private readonly Random _random = new();

    private readonly Dictionary<string, CustomerRecord> _customers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CustomerRecord> _customerList = [];
    private readonly Dictionary<string, CustomerRecord> _customersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ProductRecord> _products = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ProductRecord> _productList = [];
    private readonly Dictionary<string, ApplicationRecord> _applications = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CardRecord> _cards = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CardRecord> _cardList = [];
    private readonly Dictionary<string, TopUpRecord> _topUps = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TopUpRecord> _topUpsByTask = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<TopUpRecord> _topUpList = [];
    private readonly Dictionary<string, TransactionRecord> _transactions = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Oldest first by (AuthorizedAt, Sequence); lists are read from the end for newest-first pages.</summary>
    private readonly List<TransactionRecord> _transactionList = [];
    private readonly Dictionary<string, decimal> _merchantBalances = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly PriorityQueue<ScheduledWork, (DateTimeOffset Due, long Sequence)> _schedule = new();
    private long _sequence;

    public SandboxStore(IOptions<SandboxOptions> options, TimeProvider time, WebhookQueue webhooks)
    {
        _options = options;
        _time = time;
        _webhooks = webhooks;
        Reset();
    }

    private SandboxOptions Options => _options.Value;
    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Back to a fresh sandbox: no customers, cards or transactions; default products; opening merchant balances.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _customers.Clear(); _customerList.Clear(); _customersByEmail.Clear();
            _products.Clear(); _productList.Clear(); _applications.Clear();
            _cards.Clear(); _cardList.Clear();
            _topUps.Clear(); _topUpsByTask.Clear(); _topUpList.Clear();
            _transactions.Clear(); _transactionList.Clear();
            _merchantBalances.Clear(); _files.Clear(); _schedule.Clear();
            foreach (var product in DefaultProducts.Create())
            {
                _products[product.ProductId] = product;
                _productList.Add(product);
            }
        }
    }

    private long NextSequence() => ++_sequence;

    private void Schedule(ScheduledWorkKind kind, string id, double delaySeconds, int version = 0) =>
        _schedule.Enqueue(new ScheduledWork(kind, id, version), (Now.AddSeconds(Math.Max(0, delaySeconds)), NextSequence()));

    private static ListResponse<TOut> Page<TIn, TOut>(IReadOnlyList<TIn> newestLast, Func<TIn, bool>? predicate, Paging paging, Func<TIn, TOut> map)
    {
        var page = new List<TOut>(Math.Min(paging.Limit, newestLast.Count));
        if (predicate is null)
        {
            // Unfiltered: index straight into the ordered list, O(limit) whatever the list size.
            var total = newestLast.Count;
            for (int i = total - 1 - paging.Offset; i >= 0 && page.Count < paging.Limit; i--)
                page.Add(map(newestLast[i]));
            return new ListResponse<TOut>(page, total, paging.Limit, paging.Offset);
        }
        var matched = 0;
        for (var i = newestLast.Count - 1; i >= 0; i--)
        {
            var item = newestLast[i];
            if (!predicate(item))
                continue;
            if (matched >= paging.Offset && page.Count < paging.Limit)
                page.Add(map(item));
            matched++;
        }
        return new ListResponse<TOut>(page, matched, paging.Limit, paging.Offset);
    }

    /// <summary>Case- and separator-insensitive match (under_review = UnderReview), without allocating: it runs per row in list scans.</summary>
    private static bool StatusEquals(string actual, string? wanted)
    {
        if (wanted is null) return true;
        int i = 0, j = 0;
        while (true)
        {
            while (i < actual.Length && actual[i] is '_' or '-' or ' ') i++;
            while (j < wanted.Length && wanted[j] is '_' or '-' or ' ') j++;
            if (i == actual.Length || j == wanted.Length) return i == actual.Length && j == wanted.Length;
            if (char.ToLowerInvariant(actual[i]) != char.ToLowerInvariant(wanted[j])) return false;
            i++; j++;
        }
    }

    private static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- merchant balance

    private decimal MerchantBalance(string currency) =>
        _merchantBalances.TryGetValue(currency, out var balance) ? balance : Options.MerchantOpeningBalance;

    public MerchantBalanceResponse GetMerchantBalance()
    {
        lock (_gate)
            return MerchantBalanceSnapshot();
    }

    private MerchantBalanceResponse MerchantBalanceSnapshot()
    {
        var currencies = _productList.Select(p => p.Currency).Concat(_merchantBalances.Keys)
            .Select(c => c.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal);
        return new MerchantBalanceResponse(currencies.Select(c => new MerchantBalanceEntry(c, MerchantBalance(c))).ToList(),
            Options.MerchantOpeningBalance);
    }

    /// <summary>Sets merchant balances: <c>{"currency":"GBP","available":100}</c> or <c>{"balances":[...]}</c>.</summary>
    public MerchantBalanceResponse SetMerchantBalance(JsonBody body)
    {
        var errors = new FieldErrors();
        var entries = new List<(string Currency, decimal Amount)>();
        if (body.Raw("balances") is { ValueKind: System.Text.Json.JsonValueKind.Array } array)
        {
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var item = JsonBody.Parse(System.Text.Encoding.UTF8.GetBytes(element.GetRawText()));
                ReadEntry(item, $"balances[{index++}].");
            }
        }
        else
            ReadEntry(body, "");
        errors.ThrowIfAny();

        lock (_gate)
        {
            foreach (var (currency, amount) in entries)
                _merchantBalances[currency] = amount;
            return MerchantBalanceSnapshot();
        }

        void ReadEntry(JsonBody item, string prefix)
        {
            var currency = item.String("currency", errors);
            var amount = item.Decimal(item.FirstPresent("available", "amount", "balance") ?? "available", errors);
            if (!Validation.IsCurrency(currency)) errors.Add(prefix + "currency", "Must be an ISO 4217 code (3 letters).");
            if (amount is null or < 0) errors.Add(prefix + "available", "Must be a number >= 0.");
            if (Validation.IsCurrency(currency) && amount is >= 0)
                entries.Add((currency!.ToUpperInvariant(), amount.Value));
        }
    }

    // ---------------------------------------------------------------- files

    public UploadedFileResponse AddFile(string fileName, string? contentType, byte[] content, string urlBase)
    {
        var id = Guid.NewGuid().ToString();
        lock (_gate)
            _files[id] = new StoredFile(id, fileName, contentType, content, Now);
        return new UploadedFileResponse(id, fileName, $"{urlBase}/_sandbox/files/{id}", contentType, content.LongLength);
    }

    public StoredFile? GetFile(string id)
    {
        lock (_gate)
            return _files.GetValueOrDefault(id);
    }
}
