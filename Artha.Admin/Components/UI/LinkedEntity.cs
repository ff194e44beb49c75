namespace Artha.Admin.Components.UI;

/// <summary>What an <see cref="EntityLink"/> points at.</summary>
public enum LinkedEntity
{
    Customer,
    Card,
}
