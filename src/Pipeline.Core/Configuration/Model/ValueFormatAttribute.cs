namespace Pipeline.Core.Configuration.Model;

/// <summary>The form a string key's value must have.</summary>
public enum ValueFormat
{
    /// <summary>An absolute http or https URL.</summary>
    HttpUrl,

    /// <summary>An absolute URI of any scheme.</summary>
    AbsoluteUri,

    /// <summary>One email address, without a display name.</summary>
    Email,

    /// <summary>A host name, an IPv4 or an IPv6 address.</summary>
    Host,
}

/// <summary>
/// Marks a string key (or each string of a list) with the form ConfigValidate checks (Validation/ValueFormats), so
/// the generated schema carries it as a JSON Schema format and an editor flags the same values.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValueFormatAttribute(ValueFormat format) : Attribute
{
    public ValueFormat Format { get; } = format;
}
