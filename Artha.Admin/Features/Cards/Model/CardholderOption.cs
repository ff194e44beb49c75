namespace Artha.Admin.Services;

/// <summary>A customer as the issue wizard offers it.</summary>
public sealed record CardholderOption(string Id, string Name, string? Email, string? Type)
{
    public string Label => Email is null ? Name : $"{Name} ({Email})";

    /// <summary>The customer's own address: the default shipping address of a physical card.</summary>
    public CardAddressView? Address { get; init; }
}
