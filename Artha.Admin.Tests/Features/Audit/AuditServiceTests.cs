using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.Features.TopUps;
using Artha.Admin.Users;
using Artha.Admin.Data;
using Artha.Admin.Features.Audit.Rules;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Audit;

public class AuditServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static ArthaService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    /// <summary>Leaves a known trail: two refusals by Support and one by Operations.</summary>
    private async Task RecordRefusalsAsync()
    {
        await using (var support = portal.ScopeAs(PortalRoles.Support))
        {
            await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(support).ExportTopUpsCsvAsync(new TopUpFilter()));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(support).ExportTransactionsCsvAsync(new TransactionFilter { CardId = "card-under-audit" }));
        }
        await using var operations = portal.ScopeAs(PortalRoles.Operations);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(operations).ExportTopUpsCsvAsync(new TopUpFilter()));
    }

    [Fact]
    public async Task An_admin_reads_every_action_newest_first_with_an_exact_count()
    {
        await RecordRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);

        var page = await Service(scope).ListAuditAsync(new AuditFilter(), 0, 2);

        Assert.Equal(2, page.Items.Count);
        Assert.True(page.Total >= 3);
        Assert.True(page.Items[0].Id > page.Items[1].Id);
        Assert.Equal(("topup.export", "operations@artha.local", "Operations"), (page.Items[0].Action, page.Items[0].UserName, page.Items[0].Roles));
    }

    [Fact]
    public async Task The_user_action_outcome_and_target_filters_narrow_the_trail()
    {
        await RecordRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = Service(scope);

        var support = await artha.ListAuditAsync(new AuditFilter { User = "SUPPORT@", Action = "topup", Outcome = AuditOutcome.Refused }, 0, 50);
        var target = await artha.ListAuditAsync(new AuditFilter { TargetType = "card", TargetId = "card-under-audit" }, 0, 50);

        Assert.NotEmpty(support.Items);
        Assert.All(support.Items, a => Assert.Equal(("support@artha.local", "topup.export", AuditOutcome.Refused), (a.UserName, a.Action, a.Outcome)));
        Assert.All(target.Items, a => Assert.Equal("transaction.export", a.Action));
        Assert.NotEmpty(target.Items);
    }

    [Fact]
    public async Task The_date_range_filter_is_inclusive_of_whole_utc_days()
    {
        await RecordRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = Service(scope);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var todays = await artha.ListAuditAsync(new AuditFilter { From = today, To = today }, 0, 10);
        var yesterdays = await artha.ListAuditAsync(new AuditFilter { To = today.AddDays(-1) }, 0, 10);

        Assert.True(todays.Total >= 3);
        Assert.Equal(0, yesterdays.Total);
    }

    [Fact]
    public async Task The_audit_export_has_a_header_and_one_line_per_row()
    {
        await RecordRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = Service(scope);
        var filter = new AuditFilter { Action = "topup.export", Outcome = AuditOutcome.Refused };
        var expected = (await artha.ListAuditAsync(filter, 0, 1)).Total;

        var export = await artha.ExportAuditCsvAsync(filter);

        var lines = MoneyTestData.CsvLines(export.Content);
        Assert.Equal("Id,When (UTC),User,Roles,Action,Target type,Target id,Outcome,Detail,Old value,New value,Artha request id", lines[0]);
        Assert.Equal(expected, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",topup.export,", l));
        Assert.Equal(AuditOutcome.Succeeded, (await portal.LatestAuditAsync()).First(a => a.Action == "audit.export").Outcome);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    public async Task Non_admins_are_refused_the_audit_trail_and_the_refusal_is_audited(string role)
    {
        await using var scope = portal.ScopeAs(role);
        var artha = Service(scope);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.ListAuditAsync(new AuditFilter(), 0, 20));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.ExportAuditCsvAsync(new AuditFilter()));

        var latest = await portal.LatestAuditAsync(2);
        Assert.Equal([("audit.export", AuditOutcome.Refused), ("audit.list", AuditOutcome.Refused)], latest.Select(a => (a.Action, a.Outcome)));
        Assert.All(latest, a => Assert.Equal(role, a.Roles));
    }

    [Fact]
    public async Task A_card_target_is_named_by_its_last_four_and_a_user_target_by_its_email_not_by_its_id()
    {
        var card = await portal.ActiveCardAsync();
        await using (var operations = portal.ScopeAs(PortalRoles.Operations))
        {
            await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(operations).ExportTransactionsCsvAsync(new TransactionFilter { CardId = card.Id }));
        }
        var email = $"audit.label.{Guid.NewGuid():N}@artha.local";
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, null, [PortalRoles.Support], "Str0ng!Password")).Succeeded);
        string userId;
        await using (var check = portal.Services.CreateAsyncScope())
        {
            userId = (await check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        }

        var cardRow = Assert.Single((await Service(scope).ListAuditAsync(new AuditFilter { TargetType = "card", TargetId = card.Id }, 0, 10)).Items);
        var userRow = Assert.Single((await Service(scope).ListAuditAsync(new AuditFilter { TargetType = "user", TargetId = userId }, 0, 10)).Items);

        Assert.Equal($"•••• {card.CardNumberMasked![^4..]}", cardRow.TargetLabel);
        Assert.Equal($"card •••• {card.CardNumberMasked![^4..]}", cardRow.TargetText);
        Assert.DoesNotContain(card.Id, cardRow.TargetText);
        Assert.Equal($"user {email}", userRow.TargetText);
    }

    [Fact]
    public async Task A_role_change_shows_the_old_and_the_new_roles()
    {
        var email = $"audit.roles.{Guid.NewGuid():N}@artha.local";
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Assert.True((await users.CreateAsync(email, null, [PortalRoles.Support], "Str0ng!Password")).Succeeded);
        var id = (await portal.LatestAuditAsync()).First(a => a.Action == "user.create" && a.Detail!.StartsWith(email)).TargetId!;
        Assert.True((await users.SetRolesAsync(id, [PortalRoles.Finance, PortalRoles.Operations])).Succeeded);

        var row = Assert.Single((await Service(scope).ListAuditAsync(new AuditFilter { Action = "user.roles", TargetId = id }, 0, 10)).Items);

        Assert.Equal(("Support", "Finance,Operations"), (row.OldValue, row.NewValue));
        var create = Assert.Single((await Service(scope).ListAuditAsync(new AuditFilter { Action = "user.create", TargetId = id }, 0, 10)).Items);
        Assert.Null(create.OldValue);
    }

    [Theory]
    [InlineData("a@x: Support -> Operations", "Support", "Operations")]
    [InlineData("active -> disabled", "active", "disabled")]
    [InlineData("freeze •••• 4242", null, null)]
    [InlineData(null, null, null)]
    public void The_old_and_new_value_are_read_from_details_written_as_a_change(string? detail, string? old, string? @new)
    {
        var change = AuditChange.Parse(detail);

        Assert.Equal((old, @new), (change?.Old, change?.New));
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_returns_no_rows_and_the_rule_says_why()
    {
        await RecordRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var page = await Service(scope).ListAuditAsync(new AuditFilter { From = today, To = today.AddDays(-1) }, 0, 10);

        Assert.Empty(page.Items);
        Assert.Contains("start date is after the end date", AuditFilterRules.RangeError(today, today.AddDays(-1)));
        Assert.Null(AuditFilterRules.RangeError(today, today));
    }
}
