namespace Artha.Admin.Services;

/// <summary>A card or customer a list filter can pick: its id (what the filter uses) and what staff recognise it by.</summary>
public sealed record FilterOption(string Id, string Label)
{
    public override string ToString() => Label;
}
