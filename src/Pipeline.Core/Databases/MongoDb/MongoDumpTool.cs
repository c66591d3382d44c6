using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>mongodump as a typed Cake tool.</summary>
public sealed class MongoDumpTool(CakeToolHost services) : MongoTool<MongoDumpSettings>(services)
{
    protected override string ExecutableName => "mongodump";

    /// <summary>Runs mongodump; returns the per-collection document counts it reported.</summary>
    public async Task<MongoDumpReport> DumpAsync(MongoDumpSettings settings, CancellationToken cancellationToken = default)
    {
        var output = await ExecuteAsync(settings, Arguments(settings), cancellationToken).ConfigureAwait(false);
        return MongoDumpReport.Parse(output);
    }

    /// <summary>The command line; the URI is a secret argument, so Cake's RenderSafe shows it as [REDACTED].</summary>
    public static ProcessArgumentBuilder Arguments(MongoDumpSettings settings)
    {
        var arguments = new ProcessArgumentBuilder();
        arguments.AppendSwitchQuotedSecret("--uri", "=", settings.Uri);
        AppendOptionalSwitch(arguments, "--db", settings.Db);
        AppendOptionalSwitch(arguments, "--archive", settings.Archive?.FullPath);
        if (settings.Gzip)
        {
            arguments.Append("--gzip");
        }

        if (settings.Oplog)
        {
            arguments.Append("--oplog");
        }

        foreach (var extra in settings.ExtraArguments)
        {
            arguments.Append(extra);
        }

        return arguments;
    }
}
