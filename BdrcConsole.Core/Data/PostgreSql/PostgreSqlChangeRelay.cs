using System.Text.Json;
using System.Threading.Channels;
using BdrcConsole.Core.Features.CrossAccount;
using BdrcConsole.Core.Features.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BdrcConsole.Core.Data.PostgreSql;

/// <summary>
/// Carries the change feeds (<see cref="ManagementChangeFeed"/>, <see cref="PolicyChangeFeed"/>) between console
/// instances on one PostgreSQL database, by NOTIFY and LISTEN: a page open on one instance updates when another
/// instance commits a change, as it does for a change of its own. What a feed says is only a hint to re-read; the
/// data is in the database. A relayed management change is marked <see cref="ManagementChange.FromAnotherInstance"/>,
/// so only the instance that committed it does the work that follows (applying policies). Does nothing on SQLite,
/// whose file serves one instance.
/// </summary>
internal sealed class PostgreSqlChangeRelay(
    IConfiguration configuration,
    ManagementChangeFeed managementChanges,
    PolicyChangeFeed policyChanges,
    ILogger<PostgreSqlChangeRelay> logger) : BackgroundService
{
    private const string ChannelName = "bdrc_changes";

    /// <summary>PostgreSQL refuses a payload of 8,000 bytes or more: long account lists travel in several notifications.</summary>
    private const int IdsPerNotification = 300;

    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly Channel<Notice> outbox = Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Set while this relay raises a relayed change, so that it is not sent back out.</summary>
    [ThreadStatic]
    private static bool relaying;

    /// <summary>One notification: Kind is "management", "messages" or "policy"; Account the administrator, recipient or owner.</summary>
    private sealed record Notice(string Origin, string Kind, string Account, int PolicyId = 0, IReadOnlyList<string>? Added = null, IReadOnlyList<string>? Removed = null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseConfiguration.ProviderOf(configuration) != DatabaseProvider.PostgreSql)
            return;
        var connectionString = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)!;
        managementChanges.Committed += OnManagementChange;
        policyChanges.MessagesArrived += OnMessages;
        policyChanges.PolicyChanged += OnPolicy;
        try
        {
            await Task.WhenAll(SendAsync(connectionString, stoppingToken), ListenAsync(connectionString, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            managementChanges.Committed -= OnManagementChange;
            policyChanges.MessagesArrived -= OnMessages;
            policyChanges.PolicyChanged -= OnPolicy;
        }
    }

    private void OnManagementChange(ManagementChange change)
    {
        if (relaying || change.FromAnotherInstance)
            return;
        // Chunks of the two lists: each notification stays under PostgreSQL's payload limit.
        var chunks = Math.Max(1, (int)Math.Ceiling(Math.Max(change.Added.Count, change.Removed.Count) / (double)IdsPerNotification));
        for (var i = 0; i < chunks; i++)
        {
            outbox.Writer.TryWrite(new Notice(instance, "management", change.AdministratorAccountId,
                Added: change.Added.Skip(i * IdsPerNotification).Take(IdsPerNotification).ToList(),
                Removed: change.Removed.Skip(i * IdsPerNotification).Take(IdsPerNotification).ToList()));
        }
    }

    private void OnMessages(string recipientAccountId)
    {
        if (!relaying)
            outbox.Writer.TryWrite(new Notice(instance, "messages", recipientAccountId));
    }

    private void OnPolicy(string ownerAccountId, int policyId)
    {
        if (!relaying)
            outbox.Writer.TryWrite(new Notice(instance, "policy", ownerAccountId, policyId));
    }

    private async Task SendAsync(string connectionString, CancellationToken ct)
    {
        await foreach (var notice in outbox.Reader.ReadAllAsync(ct))
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                command.Parameters.AddWithValue("channel", ChannelName);
                command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(notice));
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (NpgsqlException ex)
            {
                // Another instance's open pages miss one live update; they show the change on their next read.
                logger.LogWarning(ex, "Could not tell the other console instances about a change.");
            }
        }
    }

    /// <summary>Listens on a connection of its own, reconnecting after a lost connection.</summary>
    private async Task ListenAsync(string connectionString, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                while (true)
                    await connection.WaitAsync(ct);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning(ex, "Lost the connection that listens for other console instances' changes; reconnecting.");
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    private void Receive(string payload)
    {
        Notice? notice;
        try
        {
            notice = JsonSerializer.Deserialize<Notice>(payload);
        }
        catch (JsonException)
        {
            return;
        }
        if (notice is null || notice.Origin == instance)
            return;
        relaying = true;
        try
        {
            switch (notice.Kind)
            {
                case "management":
                    managementChanges.Publish([new ManagementChange(notice.Account, notice.Added ?? [], notice.Removed ?? []) { FromAnotherInstance = true }]);
                    break;
                case "messages":
                    policyChanges.PublishMessages(notice.Account);
                    break;
                case "policy":
                    policyChanges.PublishPolicy(notice.Account, notice.PolicyId);
                    break;
            }
        }
        finally
        {
            relaying = false;
        }
    }
}
