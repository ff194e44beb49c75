using System.Security.Claims;
using Artha.Admin.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Artha.Admin.Tests.Security;

/// <summary>Security:RequireMfaRoles: which roles must use an authenticator app, by environment and setting.</summary>
public class MfaPolicyTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Artha.Admin";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static MfaPolicy Policy(string environment, params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Security:{s.Key}", s.Value)))
            .Build();
        var section = configuration.GetSection(SecurityOptions.SectionName);
        return MfaPolicy.From(section, section.Get<SecurityOptions>() ?? new SecurityOptions(), new Environment(environment));
    }

    [Fact]
    public void Outside_development_admin_operations_and_finance_need_mfa_by_default_and_in_development_nobody()
    {
        Assert.Equal([PortalRoles.Admin, PortalRoles.Operations, PortalRoles.Finance], Policy("Production").Roles);
        Assert.Equal([PortalRoles.Admin, PortalRoles.Operations, PortalRoles.Finance], Policy("Staging").Roles);
        Assert.Empty(Policy("Development").Roles);
    }

    [Fact]
    public void A_comma_separated_list_or_an_array_names_the_roles_and_empty_means_none()
    {
        Assert.Equal([PortalRoles.Operations, PortalRoles.Support], Policy("Development", ("RequireMfaRoles", " operations ,Support")).Roles);
        Assert.Equal([PortalRoles.Finance], Policy("Production", ("RequireMfaRoles:0", "Finance")).Roles);
        Assert.Empty(Policy("Production", ("RequireMfaRoles", "")).Roles);
    }

    [Fact]
    public void The_obsolete_require_mfa_switch_still_means_every_role_or_none_while_the_list_is_not_set()
    {
        Assert.Equal(PortalRoles.All, Policy("Development", ("RequireMfa", "true")).Roles);
        Assert.Empty(Policy("Production", ("RequireMfa", "false")).Roles);
        Assert.Equal([PortalRoles.Admin], Policy("Production", ("RequireMfa", "false"), ("RequireMfaRoles", "Admin")).Roles);
    }

    [Fact]
    public void A_name_that_is_not_a_role_stops_the_start_with_a_message_saying_what_to_set()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Policy("Production", ("RequireMfaRoles", "Admin, Operation")));
        Assert.Contains("\"Operation\"", refused.Message);
        Assert.Contains("Admin, Support, Operations, Finance", refused.Message);
    }

    [Fact]
    public void A_user_needs_mfa_when_any_of_their_roles_does()
    {
        var policy = Policy("Production", ("RequireMfaRoles", "Operations"));
        ClaimsPrincipal User(params string[] roles) => new(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "Test"));

        Assert.True(policy.RequiredFor(User(PortalRoles.Support, PortalRoles.Operations)));
        Assert.False(policy.RequiredFor(User(PortalRoles.Support)));
        Assert.True(policy.RequiredFor([PortalRoles.Operations]));
        Assert.False(policy.RequiredFor([PortalRoles.Finance]));
    }
}
