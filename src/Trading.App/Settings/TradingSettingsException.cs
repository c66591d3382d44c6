namespace Trading.App.Settings;

/// <summary>The app's settings are missing or unusable; the message names each setting and what is expected.</summary>
public sealed class TradingSettingsException : Exception
{
    public TradingSettingsException()
    {
    }

    public TradingSettingsException(string message)
        : base(message)
    {
    }

    public TradingSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
