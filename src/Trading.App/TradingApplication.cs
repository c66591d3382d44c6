using Trading.App.Data;
using Trading.App.Endpoints;
using Trading.App.Faults;
using Trading.App.Hosting;
using Trading.App.Metrics;
using Trading.App.Orders;
using Trading.App.Quotes;
using Trading.App.Settings;
using Trading.App.Versioning;

namespace Trading.App;

/// <summary>Builds the app, so Program and in-process tests host exactly the same thing.</summary>
public static class TradingApplication
{
    /// <summary>
    /// Builds the app from <paramref name="args"/> (standard ASP.NET arguments such as --urls) and
    /// <paramref name="options"/>. It does not check the database; call <see cref="CheckSchema"/> before running.
    /// </summary>
    /// <exception cref="TradingSettingsException">The "Trading" settings are missing or unusable.</exception>
    public static WebApplication Create(string[] args, TradingHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(TradingApplication).Assembly.GetName().Name,
            ContentRootPath = options.ContentRoot,
            WebRootPath = options.WebRoot,
        });

        // A release may carry settings of its own (a fault it was built with); the environment's file is shared by all.
        builder.Configuration.AddJsonFile(OrderFaults.ReleaseSettingsFile, optional: true, reloadOnChange: false);
        var settings = TradingSettings.From(builder.Configuration);
        if (string.Equals(settings.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole();
        }

        var dataDirectory = DataDirectory.Resolve(
            options.DataDirectory ?? Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable),
            builder.Environment.ContentRootPath);
        TradingDatabase database = settings.Engine == DatabaseEngine.PostgreSql
            ? new PostgreSqlTradingDatabase(settings.ConnectionString!, settings.CommandTimeoutSeconds)
            : new SqliteTradingDatabase(settings.DatabasePath!, Path.Combine(dataDirectory, settings.DatabasePath!), settings.CommandTimeoutSeconds);
        var migrations = options.MigrationsDirectory is null ? MigrationCatalog.ForApp(settings.Engine) : new MigrationCatalog(options.MigrationsDirectory);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(database);
        services.AddSingleton(migrations);
        services.AddSingleton<SchemaGuard>();
        services.AddSingleton(AppVersion.Of(typeof(TradingApplication).Assembly));
        services.AddSingleton<QuoteSimulator>();
        services.AddSingleton(new OrderValidator(QuoteSimulator.SymbolNames));
        services.AddSingleton<OrderStore>();
        services.AddSingleton<TradingMetrics>();
        services.AddSingleton(new OrderFaults(settings.OrderErrorPercent));
        services.AddSingleton(provider => new ShutdownDrain(provider.GetRequiredService<IHostApplicationLifetime>(), options.ShutdownDrain));
        services.AddHostedService(provider => provider.GetRequiredService<ShutdownDrain>());

        var app = builder.Build();
        app.UseShutdownDrain();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseFrozenWriteResponses();
        app.UseTradingMetrics();
        app.MapHealthEndpoints();
        app.MapVersionEndpoints();
        app.MapQuoteEndpoints();
        app.MapOrderEndpoints();
        return app;
    }

    /// <summary>Whether the app's database is at the schema version this build expects.</summary>
    public static SchemaCheck CheckSchema(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<SchemaGuard>().Check();
    }
}
