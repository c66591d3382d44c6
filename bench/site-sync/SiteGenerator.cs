using System.Text;

namespace SiteSyncBench;

/// <summary>
/// A deterministic static site shaped like a real build output: HTML pages in nested sections, fingerprinted CSS and
/// JS bundles with source maps, vendor scripts, images (random bytes, so incompressible), fonts and a few data files.
/// The same arguments always give the same paths and bytes. Every top-level folder holds a file of its own
/// (docs/index.html, assets/manifest.json, ...): s3rver 3.7 leaves a folder out of a delimiter listing's
/// CommonPrefixes when all its objects are two or more levels down, which S3 does not, and the live publisher lists
/// the site root with a delimiter.
/// </summary>
public static class SiteGenerator
{
    private static readonly string[] Words =
    [
        "release", "deploy", "pipeline", "bucket", "object", "static", "content", "cache", "header", "version",
        "module", "render", "layout", "section", "article", "market", "trade", "order", "price", "chart",
        "account", "report", "status", "update", "feature", "service", "client", "server", "request", "response",
    ];

    // Kind, share of the files, relative size.
    private static readonly (string Kind, double Share, double Weight)[] Mix =
    [
        ("html", 0.30, 1.0), ("css", 0.05, 2.0), ("js", 0.15, 4.0), ("map", 0.05, 6.0), ("vendor", 0.02, 8.0),
        ("jpg", 0.18, 10.0), ("png", 0.12, 6.0), ("webp", 0.05, 5.0), ("svg", 0.04, 0.6), ("woff2", 0.01, 6.0),
        ("json", 0.03, 0.5),
    ];

    public static long Generate(string directory, int files, long totalBytes, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files, Mix.Length);
        var random = new Random(seed);
        var root = Path.GetFullPath(directory);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        // HTML takes whatever the other kinds leave, so the count is exact.
        var plan = new List<(string Kind, double Size)>();
        foreach (var (kind, share, weight) in Mix.Skip(1))
        {
            for (var i = Math.Max(1, (int)Math.Round(files * share)); i > 0; i--)
            {
                plan.Add((kind, Spread(weight, random)));
            }
        }

        while (plan.Count < files)
        {
            plan.Add((Mix[0].Kind, Spread(Mix[0].Weight, random)));
        }

        var scale = totalBytes / plan.Sum(p => p.Size);
        long written = 0;
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, size) in plan)
        {
            var index = counters[kind] = counters.GetValueOrDefault(kind) + 1;
            var bytes = Math.Max(64, (int)(size * scale));
            var path = Path.Combine(root, PathFor(kind, index, random));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Content(kind, bytes, random));
            written += bytes;
        }

        return written;
    }

    /// <summary>What a rebuild does to unchanged output: same bytes, new modification times.</summary>
    public static int Touch(string directory)
    {
        var now = DateTime.UtcNow;
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        foreach (var file in files)
        {
            File.SetLastWriteTimeUtc(file, now);
        }

        return files.Length;
    }

    /// <summary>Edits <paramref name="count"/> HTML pages (spread over the site) by appending a comment, so their size changes.</summary>
    public static int Change(string directory, int count)
    {
        var pages = Directory.GetFiles(directory, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, pages.Count / Math.Max(1, count));
        var changed = pages.Where((_, i) => i % step == 0).Take(count).ToList();
        foreach (var page in changed)
        {
            File.AppendAllText(page, $"\n<!-- edited {Guid.NewGuid():N} -->\n");
        }

        return changed.Count;
    }

    // Lognormal-ish spread around a kind's weight: a few large files, many small ones.
    private static double Spread(double weight, Random random) => weight * Math.Exp((random.NextDouble() - 0.5) * 2.0);

    private static string PathFor(string kind, int index, Random random)
    {
        var hash = Convert.ToHexStringLower(BitConverter.GetBytes(random.Next()));
        var section = $"section-{index % 12:D2}";
        return kind switch
        {
            "html" when index == 1 => "index.html",
            "html" when index == 2 => "docs/index.html",
            "html" when index == 3 => "blog/index.html",
            "html" when index % 3 == 0 => $"blog/{2019 + (index % 6)}/post-{index:D4}/index.html",
            "html" => $"docs/{section}/topic-{index % 7}/page-{index:D4}.html",
            "css" => $"assets/css/{section}.{hash}.css",
            "js" => $"assets/js/chunk-{index:D3}.{hash}.js",
            "map" => $"assets/js/chunk-{index:D3}.{hash}.js.map",
            "vendor" => $"vendor/lib-{index:D2}/lib-{index:D2}.min.js",
            "jpg" => $"images/gallery-{index % 9}/photo-{index:D4}.jpg",
            "png" => $"images/ui/{section}/shot-{index:D4}.png",
            "webp" => $"assets/img/hero-{index:D3}.{hash}.webp",
            "svg" => $"assets/icons/icon-{index:D3}.svg",
            "woff2" => $"assets/fonts/font-{index:D2}.{hash}.woff2",
            "json" when index == 1 => "assets/manifest.json",
            "json" when index == 2 => "images/index.json",
            "json" when index == 3 => "vendor/licenses.json",
            _ => $"data/feed-{index:D3}.json",
        };
    }

    private static byte[] Content(string kind, int size, Random random)
    {
        if (kind is "jpg" or "png" or "webp" or "woff2")
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return bytes;
        }

        var (head, tail) = kind switch
        {
            "html" => ("<!doctype html>\n<html><head><title>page</title></head><body>\n<p>", "</p>\n</body></html>\n"),
            "css" => (".page{margin:0}\n/* ", " */\n"),
            "svg" => ("<svg xmlns=\"http://www.w3.org/2000/svg\"><desc>", "</desc></svg>\n"),
            "json" => ("{\"items\":\"", "\"}\n"),
            _ => ("(function(){var text=\"", "\";})();\n"),
        };
        var text = new StringBuilder(size + 16).Append(head);
        while (text.Length < size - tail.Length)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(random.Next(8) == 0 ? ".\n" : " ");
        }

        text.Length = Math.Max(head.Length, size - tail.Length);
        text.Append(tail);
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
