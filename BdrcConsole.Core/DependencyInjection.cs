using BdrcConsole.Core.Data;
using BdrcConsole.Core.Data.Seeding;
using BdrcConsole.Core.Features.Access;
using BdrcConsole.Core.Features.Audit;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Directory;
using BdrcConsole.Core.Features.TrustedServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BdrcConsole.Core;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Bdrc";

    private static readonly SqliteTuning Tuning = new();

    /// <summary>Registers the Core: the database, the services and the options of the <c>Bdrc</c> section.</summary>
    public static IServiceCollection AddBdrcCore(this IServiceCollection services)
    {
        services.AddOptions<BdrcOptions>().BindConfiguration(BdrcOptions.SectionName);
        services.AddDbContextFactory<BdrcDbContext>((provider, options) =>
        {
            // Read at resolve time so that test hosts can override the connection string.
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"Connection string '{ConnectionStringName}' is not configured.");
            // Account lists run to thousands of ids: one JSON parameter (json_each) keeps the SQL, and
            // SQLite's prepared plan, the same for any list length instead of thousands of parameters.
            options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(Tuning);
        });
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<AuditedOperations>();
        services.AddSingleton<ManagementChangeFeed>();
        services.AddSingleton<ManagedSetReconciler>();
        services.AddSingleton<AccessService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<ResourceDirectoryService>();
        services.AddSingleton<TrustedServiceService>();
        services.AddSingleton<CrossAccountService>();
        services.AddSingleton<Features.Resources.ResourceQueryService>();
        services.AddSingleton<Features.Resources.HighAvailabilityService>();
        services.AddSingleton<Features.ResourceGroups.ResourceGroupService>();
        services.AddSingleton<Features.Detection.DetectionService>();
        // Operations without an actor (workers, start-up, bench): internal, so pages cannot inject them.
        services.AddSingleton<Features.Detection.DetectionMaintenance>();
        services.AddSingleton<Features.Resources.HighAvailabilityMaintenance>();
        services.AddSingleton<Features.Overview.OverviewService>();
        services.AddSingleton<Features.RiskDetection.RiskDetectionService>();
        services.AddSingleton<Features.Panorama.PanoramaService>();
        services.AddSingleton<Features.Reports.ProtectionReportService>();
        services.AddSingleton<Features.Policies.ProtectionPolicyService>();
        services.AddSingleton<Features.Policies.PolicyMessageService>();
        services.AddSingleton<Features.Policies.PolicyChangeFeed>();
        services.AddSingleton<Features.Resources.ResourceTagService>();
        services.AddSingleton<Features.Policies.PolicyApplicationEngine>();
        services.AddSingleton<Features.Policies.PolicyApplicationQueue>();
        services.AddSingleton<IManagedAccountDataCleaner, Features.Policies.PolicyDataCleaner>();
        services.AddHostedService<Features.Policies.PolicyApplicationWorker>();
        services.AddSingleton<Features.Policies.PolicyExecutionRunner>();
        services.AddHostedService<Features.Detection.DailyDetectionWorker>();
        services.AddHostedService<Features.Resources.ZrsConversionWorker>();
        services.AddHostedService<Features.Policies.PolicyScheduler>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHealthChecks().AddCheck<Features.Health.DatabaseReadinessCheck>("database", tags: [Features.Health.DatabaseReadinessCheck.Tag]);
        return services;
    }
}
