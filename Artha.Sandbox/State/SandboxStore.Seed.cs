using System.Diagnostics;

namespace Artha.Sandbox.State;

public sealed partial class SandboxStore
{
    private static readonly string[] FirstNames =
        ["Olivia", "Liam", "Amelia", "Noah", "Isla", "Oliver", "Ava", "Arjun", "Priya", "Mateo", "Sofia", "Hugo", "Chloe", "Yusuf", "Mei", "Lars"];
    private static readonly string[] LastNames =
        ["Smith", "Patel", "Jones", "Garcia", "Müller", "Kowalski", "Okafor", "Nguyen", "Rossi", "Dubois", "Khan", "Andersen", "Silva", "Tanaka"];
    private static readonly (string Name, string Mcc, string City, string Country)[] Merchants =
    [
        ("Coffee Shop Ltd", "5814", "London", "GB"), ("Tesco Stores", "5411", "Manchester", "GB"), ("Amazon EU", "5942", "Luxembourg", "LU"),
        ("Uber Trip", "4121", "London", "GB"), ("Shell Fuel", "5541", "Leeds", "GB"), ("Netflix", "4899", "Amsterdam", "NL"),
        ("Pret A Manger", "5812", "London", "GB"), ("Apple Store", "5732", "Dublin", "IE"), ("Boots Pharmacy", "5912", "Bristol", "GB"),
    ];

    /// <summary>
    /// Bulk data for demos and load tests. Deterministic: the same inputs on the same sandbox contents (e.g. right after a
    /// reset) give the same ids, names, card numbers and transactions. Seeded customers are KYC-approved with active,
    /// funded cards; no webhooks are sent for seeded data.
    /// <para>
    /// Timeline over the last 90 days, consistent for any sizes: customers join one minute apart (closer when there are
    /// more than fit in the first 30 days); each card is funded inside its customer's slot, after the customer exists;
    /// its purchases follow in the time left until now, one per equal step with a jitter smaller than the step, so each
    /// card's list is built already in (authorizedAt, sequence) order, the order <see cref="Page{TIn,TOut}"/> reads
    /// newest first. Nothing is dated or settled after now.
    /// </para>
    /// </summary>
    public SeedResponse Seed(int customers, int cardsPerCustomer, int transactionsPerCard, int seed)
    {
        var stopwatch = Stopwatch.StartNew();
        lock (_gate)
        {
            var random = new Random(unchecked(seed * 397 ^ _customerList.Count * 7919 ^ _cardList.Count));
            var now = Now;
            var start = now.AddDays(-90);
            var onboarding = TimeSpan.FromDays(30);
            var customerSpacing = TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerMinute, onboarding.Ticks / Math.Max(1, customers)));
            var cardSpacing = TimeSpan.FromTicks(customerSpacing.Ticks / (cardsPerCustomer + 1));
            var products = new[] { _products[DefaultProducts.GbpVirtualId], _products[DefaultProducts.UsdVirtualBasicId] };
            var customerIds = new List<string>(customers);
            var cardIds = new List<string>(customers * cardsPerCustomer);
            var firstIndex = _customerList.Count;
            var transactionCount = 0;
            var newTransactions = new List<TransactionRecord>(customers * cardsPerCustomer * transactionsPerCard);

            for (var i = 0; i < customers; i++)
            {
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                var index = firstIndex + i;
                var customer = new CustomerRecord
                {
                    Id = NextGuid(random), Type = "individual", FirstName = first, LastName = last,
                    Email = $"{first}.{last}.{index}@seed.sandbox.test".ToLowerInvariant(), PhoneCode = "+44",
                    PhoneNumber = "7700" + random.Next(100000, 999999), Country = "GB",
                    DateOfBirth = new DateOnly(1960 + random.Next(45), 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd"),
                    Gender = random.Next(2) == 0 ? "female" : "male", KycState = "approved", CreatedAt = start + customerSpacing * i,
                };
                if (_customersByEmail.ContainsKey(customer.Email))
                    continue;
                AddCustomer(customer);
                customerIds.Add(customer.Id);
                foreach (var product in products)
                    _applications[ApplicationKey(customer.Id, product.ProductId)] = new ApplicationRecord
                    {
                        CustomerId = customer.Id, ProductId = product.ProductId, Status = "Approved",
                        Remarks = "KYC verification completed successfully", ApplicantLastName = last,
                        SubmittedAt = customer.CreatedAt, UpdatedAt = customer.CreatedAt, Version = 1,
                    };

                for (var c = 0; c < cardsPerCustomer; c++)
                {
                    var product = products[c % products.Length];
                    var card = NewCard(customer, product, null, random, NextGuid(random));
                    // Issued after its customer and before its funding top-up (below), so its history reads in order.
                    card.CreatedAt = customer.CreatedAt + cardSpacing * c + cardSpacing / 2;
                    card.State = "active";
                    card.Status = "active";
                    // Seeded history is not bound by today's limits: lift them so it stays self-consistent.
                    card.Limits = new LimitValues { Daily = null, Monthly = null, PerTransaction = null, AtmWithdrawal = null };
                    AddCard(card);
                    cardIds.Add(card.Id);
                    if (transactionsPerCard <= 0)
                        continue;

                    // One funding top-up inside the customer's slot, then the purchases spread over the time left until
                    // now: purchase k lies in [funding + k*step, funding + (k+1)*step), so times ascend as appended.
                    var fundingTime = customer.CreatedAt + cardSpacing * (c + 1);
                    var step = TimeSpan.FromTicks((now - fundingTime).Ticks / transactionsPerCard);
                    var maxJitterSeconds = (int)Math.Min(60, step.Ticks / TimeSpan.TicksPerSecond);
                    var funding = 25m * transactionsPerCard + 100m;
                    var balance = funding;
                    var topUpId = NextGuid(random);
                    var topUp = new TopUpRecord
                    {
                        Id = topUpId, TaskId = "task_" + topUpId.Replace("-", ""), Card = card, Amount = funding, Currency = card.Currency,
                        Status = "approved", MerchantDebited = true, CreatedAt = fundingTime, CompletedAt = fundingTime,
                        Remarks = "Seeded funding",
                    };
                    _topUps[topUp.Id] = topUp;
                    _topUpsByTask[topUp.TaskId] = topUp;
                    _topUpList.Add(topUp);
                    card.TopUps.Add(topUp);
                    var cardTransactions = card.Transactions;
                    cardTransactions.Add(new TransactionRecord
                    {
                        TransactionId = topUpId, Sequence = NextSequence(), Card = card, Type = "top_up", SubType = "merchant_funding",
                        Status = "settled", Amount = funding, Currency = card.Currency, LocalAmount = funding, LocalCurrency = card.Currency,
                        AuthorizationCode = random.Next(1_000_000).ToString("000000"), AuthorizedAt = fundingTime, SettleAmount = funding,
                        SettleDate = fundingTime, Description = "Seeded funding top-up",
                    });
                    for (var k = 1; k < transactionsPerCard; k++)
                    {
                        var merchant = Merchants[random.Next(Merchants.Length)];
                        var amount = Math.Round(1m + (decimal)random.NextDouble() * 39m, 2);
                        // About one in twenty is declined. Funding is 25 per purchase plus 100 against an average
                        // purchase of about 20, so balance is not why: the reason given is the issuer's generic refusal.
                        var declined = random.Next(20) == 0;
                        var at = fundingTime + step * k + TimeSpan.FromSeconds(maxJitterSeconds > 0 ? random.Next(maxJitterSeconds) : 0);
                        var settledAt = at.AddDays(1) < now ? at.AddDays(1) : now;
                        if (!declined) balance -= amount;
                        cardTransactions.Add(new TransactionRecord
                        {
                            TransactionId = NextGuid(random), Sequence = NextSequence(), Card = card, Type = "purchase", SubType = "pos",
                            Status = declined ? "declined" : "settled", Amount = amount, Currency = card.Currency, LocalAmount = amount,
                            LocalCurrency = card.Currency, AuthorizationCode = declined ? null : random.Next(1_000_000).ToString("000000"),
                            AuthorizedAt = at, SettleAmount = declined ? 0 : amount, SettleDate = declined ? null : settledAt,
                            MerchantName = merchant.Name, MerchantCategoryCode = merchant.Mcc, MerchantCity = merchant.City,
                            MerchantCountry = merchant.Country, Description = declined ? "Declined: do_not_honor" : $"Purchase at {merchant.Name}",
                        });
                    }
                    card.AvailableBalance = balance;
                    foreach (var t in cardTransactions)
                    {
                        _transactions[t.TransactionId] = t;
                        newTransactions.Add(t);
                    }
                    transactionCount += transactionsPerCard;
                }
                customer.Transactions.AddRange(customer.Cards.SelectMany(c => c.Transactions));
                customer.Transactions.Sort(ByTime);
            }

            // Bulk path: append everything, then sort the global index once (instead of 100 000 ordered inserts).
            _transactionList.AddRange(newTransactions);
            _transactionList.Sort(ByTime);
            _topUpList.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            return new SeedResponse(customerIds.Count, cardIds.Count, transactionCount, stopwatch.ElapsedMilliseconds,
                customerIds.Take(100).ToList(), cardIds.Take(100).ToList());
        }
    }

    /// <summary>A version-4 UUID drawn from the seeded generator, so seeded ids repeat run to run.</summary>
    private static string NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
