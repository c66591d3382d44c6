using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Core.Aws.CloudFront;

/// <summary>The XML documents of CloudFront's invalidation API, 2020-05-31.</summary>
internal static class InvalidationXml
{
    public static readonly XNamespace Namespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    public static byte[] Batch(string callerReference, IReadOnlyCollection<string> paths)
    {
        var batch = new XElement(
            Namespace + "InvalidationBatch",
            new XElement(Namespace + "CallerReference", callerReference),
            new XElement(
                Namespace + "Paths",
                new XElement(Namespace + "Items", paths.Select(p => new XElement(Namespace + "Path", p))),
                new XElement(Namespace + "Quantity", paths.Count.ToString(CultureInfo.InvariantCulture))));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), batch);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>The Invalidation element of a CreateInvalidation or GetInvalidation answer.</summary>
    public static Invalidation ParseInvalidation(string xml, string distributionId)
    {
        try
        {
            var root = XDocument.Parse(xml).Root;
            if (root?.Name != Namespace + "Invalidation")
            {
                throw new FormatException($"the root element is {root?.Name.ToString() ?? "missing"}, expected Invalidation in {Namespace}");
            }

            var batch = root.Element(Namespace + "InvalidationBatch");
            return new Invalidation(
                Required(root, "Id"),
                Required(root, "Status"),
                batch?.Element(Namespace + "CallerReference")?.Value ?? string.Empty,
                batch?.Element(Namespace + "Paths")?.Element(Namespace + "Items")?.Elements(Namespace + "Path").Select(p => p.Value).ToList() ?? []);
        }
        catch (Exception exception) when (exception is XmlException or FormatException)
        {
            throw new CloudFrontException(
                $"CloudFront's answer for distribution {distributionId} is not an invalidation document: {exception.Message}.",
                distributionId,
                HttpStatusCode.OK,
                "MalformedResponse",
                exception);
        }
    }

    /// <summary>Code and message of an ErrorResponse document; null when the body is not one (a proxy's HTML page, say).</summary>
    public static (string Code, string Message)? ParseError(string xml)
    {
        try
        {
            var error = XDocument.Parse(xml).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? string.Empty;
            return string.IsNullOrEmpty(code) ? null : (code, message);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string Required(XElement parent, string name) =>
        parent.Element(Namespace + name)?.Value is { Length: > 0 } value ? value : throw new FormatException($"{name} is missing");
}
