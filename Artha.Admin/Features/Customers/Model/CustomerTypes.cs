namespace Artha.Admin.Services;

/// <summary>The two customer types, spelled as Artha spells them.</summary>
public static class CustomerTypes
{
    public const string Individual = "individual";
    public const string Business = "business";
    public static readonly IReadOnlyList<string> All = [Individual, Business];
}
