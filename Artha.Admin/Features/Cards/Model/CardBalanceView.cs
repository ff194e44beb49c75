namespace Artha.Admin.Services;

/// <summary>A card's balance: available, held (authorised, unsettled purchases) and total, in the card currency.</summary>
public sealed record CardBalanceView(Money Available, Money Held, Money Total, DateTimeOffset? RetrievedAt);
