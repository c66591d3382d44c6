using Trading.App;
using Trading.App.Settings;

WebApplication app;
try
{
    app = TradingApplication.Create(args, new TradingHostOptions());
}
catch (TradingSettingsException ex)
{
    await Console.Error.WriteLineAsync($"Trading.App: {ex.Message}");
    return 2;
}

await using (app)
{
    var schema = TradingApplication.CheckSchema(app);
    if (!schema.IsCurrent)
    {
        await Console.Error.WriteLineAsync($"Trading.App will not start: {schema.Message}");
        return 1;
    }

    await app.RunAsync();
    return 0;
}
