namespace Pipeline.Core.Web;

/// <summary>
/// The Content-Type of a site file from its extension: an explicit table rather than the machine's MIME database,
/// so a build agent's /etc/mime.types can never change what browsers are told. Configuration may override or add
/// extensions (with or without the leading dot); anything unknown is served as application/octet-stream.
/// </summary>
public sealed class ContentTypeTable
{
    public const string Unknown = "application/octet-stream";

    private static readonly Dictionary<string, string> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = "text/html; charset=utf-8",
        ["htm"] = "text/html; charset=utf-8",
        ["css"] = "text/css; charset=utf-8",
        ["js"] = "text/javascript; charset=utf-8",
        ["mjs"] = "text/javascript; charset=utf-8",
        ["json"] = "application/json",
        ["svg"] = "image/svg+xml",
        ["png"] = "image/png",
        ["webp"] = "image/webp",
        ["woff"] = "font/woff",
        ["woff2"] = "font/woff2",
        ["wasm"] = "application/wasm",
        ["map"] = "application/json",
        ["txt"] = "text/plain; charset=utf-8",
        ["ico"] = "image/x-icon",
    };

    private readonly Dictionary<string, string> types;

    public ContentTypeTable(IReadOnlyDictionary<string, string>? overrides = null)
    {
        types = new Dictionary<string, string>(Defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (extension, type) in overrides ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(extension) || string.IsNullOrWhiteSpace(type))
            {
                throw new ArgumentException($"Content type override '{extension}' → '{type}' is incomplete; expected an extension such as \"avif\" and a type such as \"image/avif\".", nameof(overrides));
            }

            types[extension.TrimStart('.')] = type;
        }
    }

    public string For(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot >= 0 && types.TryGetValue(name[(dot + 1)..], out var type) ? type : Unknown;
    }

    public static bool IsHtml(string contentType) => contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
