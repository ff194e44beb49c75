namespace Artha.Admin.Services;

/// <summary>The outcome of creating a customer: the customer, and a warning when a follow-up step (the address) failed.</summary>
public sealed record CustomerCreated(CustomerView Customer, string? Warning);
