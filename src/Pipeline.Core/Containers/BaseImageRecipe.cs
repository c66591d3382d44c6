using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Containers;

/// <summary>
/// What the base image is made of: Debian's minimal root file system plus what the .NET runtime needs (ICU,
/// OpenSSL, CA certificates, time zones, libstdc++), and the unprivileged user the app runs as.
/// </summary>
public sealed record BaseImageRecipe
{
    public static BaseImageRecipe Default { get; } = new();

    public string Suite { get; init; } = "bookworm";

    public string Variant { get; init; } = "minbase";

    public string Mirror { get; init; } = "http://deb.debian.org/debian";

    public IReadOnlyList<string> Packages { get; init; } = ["ca-certificates", "libicu72", "libssl3", "libstdc++6", "tzdata"];

    public int AppUserId { get; init; } = 10001;

    public string AppUserName { get; init; } = "trading";

    /// <summary>Names the cached base: a different recipe is a different base.</summary>
    public string Key
    {
        get
        {
            var text = $"{Suite}|{Variant}|{Mirror}|{string.Join(',', Packages)}|{AppUserName}:{AppUserId}";
            return $"debian-{Suite}-{Variant}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12]}";
        }
    }
}
