using System.Reflection;

namespace Trading.App.Versioning;

/// <summary>
/// The build's version and commit, from AssemblyInformationalVersion ("2026.11.22-3f9c2ab+&lt;sha&gt;"): the
/// SDK appends "+" and the source commit, which is split off into <see cref="Commit"/>.
/// </summary>
public sealed record AppVersion(string Version, string? Commit)
{
    public static AppVersion Parse(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new AppVersion(informationalVersion, null)
            : new AppVersion(informationalVersion[..plus], plus + 1 < informationalVersion.Length ? informationalVersion[(plus + 1)..] : null);
    }

    public static AppVersion Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return Parse(informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0");
    }
}
