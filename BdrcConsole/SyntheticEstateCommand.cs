using System.Globalization;
using BdrcConsole.Core.Data.Seeding;

namespace BdrcConsole;

/// <summary>
/// <c>dotnet run --project BdrcConsole -- --seed-synthetic --accounts 1000 --resources 200000 --db /tmp/big.db [--seed 42]</c>:
/// builds a synthetic estate into a new SQLite file instead of starting the console.
/// </summary>
public static class SyntheticEstateCommand
{
    public const string Switch = "--seed-synthetic";

    public static bool IsRequested(string[] args) => args.Contains(Switch);

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var accounts = IntOption(args, "--accounts", 1000);
            var resources = IntOption(args, "--resources", 200_000);
            var seed = IntOption(args, "--seed", 42);
            var path = CommandLine.Option(args, "--db") ?? throw new ArgumentException("--db <path of a new SQLite file> is required.");
            Console.WriteLine($"Building a synthetic estate: {accounts} accounts, {resources} resources, seed {seed} → {path}");
            var summary = await SyntheticEstate.CreateAsync(path, accounts, resources, seed, DateTimeOffset.UtcNow);
            Console.WriteLine($"Done in {summary.Elapsed.TotalSeconds:0.0} s: {summary.Accounts} accounts, {summary.Resources} resources, " +
                $"{summary.RecoveryPoints} recovery points.");
            Console.WriteLine($"Sign in as {summary.AdministratorEmail} / {SyntheticEstate.Password} (delegated administrator {summary.AdministratorAccountId}) with:");
            Console.WriteLine($"  ConnectionStrings__Bdrc=\"Data Source={path}\" Bdrc__SeedDemoData=false dotnet run --project BdrcConsole");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"Cannot build the synthetic estate: {ex.Message}");
            return 2;
        }
    }


    private static int IntOption(string[] args, string name, int fallback) =>
        CommandLine.Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
