using System.Reflection;
using System.Runtime.InteropServices;
using Cake.Core;

namespace Cake.Frosting.Internal;

/// <summary>
/// What --version and --info print: the build's own product and version (from the assembly holding its tasks),
/// then Cake's. Cake.Cli's version feature reads Cake's runner assembly, which a Frosting host does not have ("Unknown").
/// </summary>
internal sealed class HostProduct(Assembly? assembly)
{
    public string Name => assembly?.GetCustomAttribute<AssemblyProductAttribute>()?.Product ?? assembly?.GetName().Name ?? "build";

    public string Version => VersionOf(assembly);

    /// <summary>Cake's release, without the build metadata its assemblies carry (+Branch...Sha...).</summary>
    public static string CakeVersion => VersionOf(typeof(ICakeContext).Assembly).Split('+')[0];

    public void WriteVersion(IConsole console)
    {
        console.WriteLine("{0} {1}", Name, Version);
        console.WriteLine("Cake {0}", CakeVersion);
    }

    public void WriteInfo(IConsole console)
    {
        WriteVersion(console);
        console.WriteLine("{0} ({1})", RuntimeInformation.FrameworkDescription, RuntimeInformation.RuntimeIdentifier);
        console.WriteLine("{0}", RuntimeInformation.OSDescription);
        console.WriteLine("Host: {0}", Environment.ProcessPath ?? "unknown");
    }

    private static string VersionOf(Assembly? assembly) =>
        assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly?.GetName().Version?.ToString()
        ?? "unknown";
}
