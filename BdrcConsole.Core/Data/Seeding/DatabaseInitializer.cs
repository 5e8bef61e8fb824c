using BdrcConsole.Core.Domain.Directory;
using BdrcConsole.Core.Domain.Identity;
using BdrcConsole.Core.Features.Detection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BdrcConsole.Core.Data.Seeding;

/// <summary>Applies migrations and, when configured and the database is empty, seeds the demo organisation.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<BdrcDbContext> dbFactory,
    IOptions<BdrcOptions> options,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    private readonly DetectionMaintenance detection = new(dbFactory, time);

    public const int DemoHistoryDays = 30;

    /// <returns>True when the demo organisation was seeded by this call.</returns>
    public async Task<bool> InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Instances started together on one database take turns: the first migrates and seeds, the others find it done.
        await using var oneInstanceAtATime = await db.Sql.Startup.AcquireAsync(db, ct);
        var pending = await db.Database.GetPendingMigrationsAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (!options.Value.SeedDemoData || await db.Accounts.AnyAsync(ct))
        {
            // A database from before the stored aggregates (or whose estate was written outside detection).
            await detection.RefreshMissingAggregatesAsync(ct);
            // The upgrade to incremental detection marks every resource: one full detection, a batch of accounts per
            // transaction, gives each its validity rather than one incremental run over the whole estate.
            if (pending.Any(m => m.EndsWith("_IncrementalDetection", StringComparison.Ordinal)) && await db.Resources.AnyAsync(ct))
                await detection.DetectAllAsync(ct);
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        SeedDemoOrganisation(db, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // The demo starts with detection results and a month of score history, as a console in use would.
        await detection.DetectAllAsync(ct);
        await detection.BackfillHistoryAsync(DemoHistoryDays, ct);
        logger.LogInformation("Seeded the demo organisation ({Accounts} accounts, {Resources} resources).", DemoOrganisation.Accounts.Count, await db.Resources.CountAsync(ct));
        return true;
    }

    internal static void SeedDemoOrganisation(BdrcDbContext db, DateTimeOffset now)
    {
        var joined = now.AddDays(-90);
        foreach (var (id, name, parentId) in DemoOrganisation.Folders)
            db.Folders.Add(new Folder { Id = id, Name = name, ParentId = parentId, CreatedAt = joined });
        foreach (var (id, name, type, folderId) in DemoOrganisation.Accounts)
            db.Accounts.Add(new Account { Id = id, DisplayName = name, Type = type, FolderId = folderId, JoinMethod = JoinMethod.Created, JoinedAt = joined });
        db.ResourceDirectories.Add(new ResourceDirectory
        {
            ManagementAccountId = DemoOrganisation.ManagementId,
            RootFolderId = DemoOrganisation.RootFolderId,
            EnabledAt = joined,
        });

        db.Resources.AddRange(DemoEstate.Build(now));
        db.ResourceGroups.AddRange(DemoEstate.SecurityResourceGroups(now));

        foreach (var (userId, email, accountId) in DemoOrganisation.Users)
            db.Users.Add(NewUser(userId, email, accountId, DemoOrganisation.Password));
    }

    /// <summary>A ready-to-sign-in user with a fixed id (seeded users are the same on every fresh start).</summary>
    internal static BdrcUser NewUser(string userId, string email, string accountId, string password)
    {
        var user = new BdrcUser
        {
            Id = userId,
            AccountId = accountId,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            LockoutEnabled = true,
            SecurityStamp = userId.Replace("-", ""),
            ConcurrencyStamp = userId,
        };
        user.PasswordHash = new PasswordHasher<BdrcUser>().HashPassword(user, password);
        return user;
    }
}
