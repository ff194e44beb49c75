using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Data;

/// <summary>A member of staff who signs in to the portal.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>Shown in the user menu and the audit trail.</summary>
    [PersonalData]
    public string? DisplayName { get; set; }

    /// <summary>A disabled account cannot sign in; it is kept so the audit trail keeps its author.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; } = DateTime.UtcNow;
}
