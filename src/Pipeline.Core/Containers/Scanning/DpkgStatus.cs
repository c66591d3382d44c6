namespace Pipeline.Core.Containers.Scanning;

/// <summary>Reads Debian's /var/lib/dpkg/status: every installed package with its version and source package.</summary>
public static class DpkgStatus
{
    public static IReadOnlyList<SbomPackage> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var packages = new List<SbomPackage>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var line = reader.ReadLine(); ; line = reader.ReadLine())
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (fields.TryGetValue("Package", out var name) && fields.TryGetValue("Version", out var version)
                    && fields.TryGetValue("Status", out var status) && status.EndsWith(" installed", StringComparison.Ordinal))
                {
                    // "Source: glibc (2.36-9)" names the source package and, when it differs, its version.
                    var source = fields.TryGetValue("Source", out var value) ? value.Split(' ')[0] : name;
                    packages.Add(new SbomPackage(PackageEcosystem.Deb, name, version, source));
                }

                fields.Clear();
                if (line is null)
                {
                    break;
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!char.IsWhiteSpace(line[0]) && colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }

        return packages.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }
}
