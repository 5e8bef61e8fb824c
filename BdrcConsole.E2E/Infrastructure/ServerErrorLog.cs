using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Logging;

namespace BdrcConsole.E2E.Infrastructure;

/// <summary>
/// Everything the app under test logged at Error or above (an unhandled exception in a circuit, a failed request),
/// so that a journey fails when the server broke even though the page looked right.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    /// <summary>The number of entries so far: a test remembers it at its start and reads what came after.</summary>
    public int Count => entries.Count;

    /// <summary>The entries logged after the first <paramref name="skip"/>.</summary>
    public IReadOnlyList<string> Since(int skip) => entries.Skip(skip).ToList();

    public ILogger CreateLogger(string categoryName) => new ErrorLogger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class ErrorLogger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}

/// <summary>Counts the app's open circuits, so a test can wait until the circuits of its closed pages are gone.</summary>
public sealed class OpenCircuitCounter : CircuitHandler
{
    private int open;

    public int Open => Volatile.Read(ref open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }
}
