using Artha.Admin.Auditing;
using Artha.Admin.Components;
using Artha.Admin.Components.Account;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.LiveStatus.Hubs;
using Artha.Admin.Security;
using Artha.Client;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Artha.Admin.Hosting;

/// <summary>Everything Program.cs registers and maps, kept here so Program.cs stays a few lines.</summary>
public static class PortalHosting
{
    public static WebApplicationBuilder AddArthaAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = true;
            options.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
            options.SnackbarConfiguration.NewestOnTop = true;
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SignInCheckOnNavigation>());
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "ArthaAdmin.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddSecurityHardening(builder.Configuration, builder.Environment);
        services.AddPortalAuthorization();

        services.AddAdminDatabase(builder.Configuration, builder.Environment);
        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddHealthChecks().AddDbContextCheck<AdminDbContext>("database").AddPortalChecks();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12; // PCI DSS 4.0.1 8.3.6
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AdminDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddScoped<DefaultUsersSeeder>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<Users.UserAdministration>();
        services.AddScoped<CurrentStaff>();
        services.AddSingleton(TimeProvider.System);

        builder.AddArthaConnection();
        var arthaClient = services.AddArthaClient(builder.Configuration);
        if (builder.Configuration.GetValue(PortalInstanceHeader.SettingKey, false))
        {
            services.AddTransient<PortalInstanceHeader>();
            arthaClient.AddHttpMessageHandler<PortalInstanceHeader>();
        }
        services.AddLiveStatus(builder.Configuration);
        services.AddLiveStatusHub();
        builder.AddPortalTelemetry();
        services.AddScoped<Services.ArthaService>();
        services.AddSingleton<Services.KycSubmissionMemory>();
        services.AddOptions<Services.TopUpReconcilerOptions>().Bind(builder.Configuration.GetSection(Services.TopUpReconcilerOptions.Section));
        services.AddSingleton<Services.TopUpSettlement>();
        services.AddSingleton<Services.TopUpReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<Services.TopUpReconciler>());
        services.AddScoped<Components.UI.PortalNotifier>();
        services.AddScoped<Components.UI.PortalDialogs>();
        services.AddScoped<Components.UI.UrlState>();

        // One key ring for every instance on the database: the sign-in cookie and KYC drafts read the same everywhere,
        // and survive restarts and deployments.
        services.AddSharedKeyRing(builder.Configuration, builder.Environment);
        return builder;
    }

    public static async Task<WebApplication> UseArthaAdminAsync(this WebApplication app)
    {
        await app.Services.MigrateAdminDatabaseAsync();
        // Before anything reads the key ring: the keys of the old key folder move into the database (once).
        await app.Services.PrepareSharedKeyRingAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Before seeding: outside Development a database with published development passwords refuses to start.
            await scope.ServiceProvider.GetRequiredService<DevelopmentPasswordCheck>().RunAsync();
            await scope.ServiceProvider.GetRequiredService<DefaultUsersSeeder>().SeedAsync();
        }

        app.UseSecurityHardening();
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        // Static files must load on the sign-in page, before anyone is authenticated.
        app.MapStaticAssets().AllowAnonymous();
        // frame-ancestors is part of the portal's own policy (SecurityHardening): no second CSP header from Blazor.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapLiveStatusHub();
        app.MapPortalHealth();
        LiveStatus.Webhooks.ArthaWebhookEndpoint.MapArthaWebhooks(app);
        return app;
    }
}
