using System.Net.Mail;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>Checks a value against its <see cref="ValueFormat"/>; the schema says the same in JSON Schema terms.</summary>
public static class ValueFormats
{
    public static bool IsValid(ValueFormat format, string value) => format switch
    {
        ValueFormat.HttpUrl => Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps),
        ValueFormat.AbsoluteUri => Uri.TryCreate(value, UriKind.Absolute, out _),
        ValueFormat.Email => MailAddress.TryCreate(value, out var address) && address.Address == value,
        ValueFormat.Host => Uri.CheckHostName(value) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>What a fault's message says was expected.</summary>
    public static string Expected(ValueFormat format) => format switch
    {
        ValueFormat.HttpUrl => "an absolute http or https URL",
        ValueFormat.AbsoluteUri => "an absolute URL of the repository, e.g. https://git.example.com/pipeline.git",
        ValueFormat.Email => "one email address, e.g. oncall@example.com (no display name)",
        ValueFormat.Host => "a host name or an IP address, e.g. app-1.example.internal or 10.0.0.12",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
