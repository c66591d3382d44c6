using Cake.Core.Diagnostics;
using Pipeline.Core.Secrets;

namespace Pipeline.Build.Infrastructure;

/// <summary>The build log, with every secret value resolved during the run blanked out before it is written.</summary>
internal sealed class MaskingLog(ICakeLog inner, SecretMasker masker) : ICakeLog
{
    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var text = args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        var masked = masker.Apply(text);
        inner.Write(verbosity, level, masked.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }
}
