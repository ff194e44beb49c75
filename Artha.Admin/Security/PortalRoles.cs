namespace Artha.Admin.Security;

/// <summary>The four staff roles. Names are stored in the Identity role table.</summary>
public static class PortalRoles
{
    public const string Admin = "Admin";
    public const string Support = "Support";
    public const string Operations = "Operations";
    public const string Finance = "Finance";

    public static readonly IReadOnlyList<string> All = [Admin, Support, Operations, Finance];
}
