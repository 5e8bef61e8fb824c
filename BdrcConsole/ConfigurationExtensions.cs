using Microsoft.Extensions.Configuration.Json;

namespace BdrcConsole;

public static class ConfigurationExtensions
{
    /// <summary>
    /// The repository keeps one appsettings.Development.json at its root (the build copies it next to
    /// the app). It is added right after appsettings.json so that environment variables and the
    /// command line (ConnectionStrings__Bdrc, --urls, ...) still override it.
    /// </summary>
    public static void AddRepositoryDevelopmentSettings(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
            return;
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json");
        if (!File.Exists(path))
            return;
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var appSettingsIndex = sources
            .Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource { Path: "appsettings.json" }).index;
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(appSettingsIndex + 1, source);
    }
}
