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

    /// <summary>Registers the Core: the database, the services and the options of the <c>Bdrc</c> section.</summary>
    public static IServiceCollection AddBdrcCore(this IServiceCollection services)
    {
        services.AddOptions<BdrcOptions>().BindConfiguration(BdrcOptions.SectionName);
        // Read at resolve time so that test hosts can override the engine and the connection string.
        services.AddDbContextFactory<BdrcDbContext, BdrcDbContextFactory>(
            (provider, options) => DatabaseConfiguration.Configure(options, provider.GetRequiredService<IConfiguration>()),
            ServiceLifetime.Singleton);
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
        services.AddHostedService<Data.PostgreSql.PostgreSqlChangeRelay>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHealthChecks().AddCheck<Features.Health.DatabaseReadinessCheck>("database", tags: [Features.Health.DatabaseReadinessCheck.Tag]);
        return services;
    }
}
