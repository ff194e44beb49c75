namespace Artha.Admin.Services;

/// <summary>What the issue-card wizard sends.</summary>
public sealed record CardIssueRequest(string CustomerId, string ProductId, CardShippingAddress? ShippingAddress = null);
