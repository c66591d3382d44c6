namespace Trading.App;

/// <summary>How <see cref="TradingApplication.Create"/> hosts the app; every value has the production default when null.</summary>
public sealed class TradingHostOptions
{
    /// <summary>Where appsettings.json is read from. Default: ASP.NET's (the working directory, or --contentRoot).</summary>
    public string? ContentRoot { get; init; }

    /// <summary>The static page's directory. Default: wwwroot under the content root.</summary>
    public string? WebRoot { get; init; }

    /// <summary>The directory holding the database. Default: $TRADING_DATA_DIR, else data under the content root.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The migrations this build expects. Default: next to the app's assemblies, migrations (SQLite) or
    /// migrations/postgresql (PostgreSQL).
    /// </summary>
    public string? MigrationsDirectory { get; init; }

    /// <summary>How long the app keeps serving, closing each connection after its answer, once told to stop (see <see cref="Hosting.ShutdownDrain"/>).</summary>
    public TimeSpan ShutdownDrain { get; init; } = Hosting.ShutdownDrain.DefaultWindow;

    /// <summary>The clock for quotes and order timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
