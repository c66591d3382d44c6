using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>mongorestore as a typed Cake tool.</summary>
public sealed class MongoRestoreTool(CakeToolHost services) : MongoTool<MongoRestoreSettings>(services)
{
    protected override string ExecutableName => "mongorestore";

    /// <summary>
    /// Runs mongorestore; returns what it reported restoring. Documents that failed to restore are an error
    /// even when mongorestore exits 0 (it does unless --stopOnError is given).
    /// </summary>
    public async Task<MongoRestoreReport> RestoreAsync(MongoRestoreSettings settings, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(settings.NsFrom) != string.IsNullOrEmpty(settings.NsTo))
        {
            throw new ArgumentException(
                $"mongorestore: NsFrom is \"{settings.NsFrom}\" and NsTo is \"{settings.NsTo}\"; expected both or neither.", nameof(settings));
        }

        var output = await ExecuteAsync(settings, Arguments(settings), cancellationToken).ConfigureAwait(false);
        var report = MongoRestoreReport.Parse(output);
        if (report.Failed > 0)
        {
            throw new MongoToolException(
                "mongorestore",
                $"mongorestore: {report.Failed} document(s) failed to restore ({report.Restored} restored); expected 0 failures. Its last output:{Environment.NewLine}{MongoToolOutput.Tail(output, settings.Uri)}");
        }

        return report;
    }

    /// <summary>The command line; the URI is a secret argument, so Cake's RenderSafe shows it as [REDACTED].</summary>
    public static ProcessArgumentBuilder Arguments(MongoRestoreSettings settings)
    {
        var arguments = new ProcessArgumentBuilder();
        arguments.AppendSwitchQuotedSecret("--uri", "=", settings.Uri);
        AppendOptionalSwitch(arguments, "--db", settings.Db);
        if (settings.Drop)
        {
            arguments.Append("--drop");
        }

        AppendOptionalSwitch(arguments, "--archive", settings.Archive?.FullPath);
        if (settings.Gzip)
        {
            arguments.Append("--gzip");
        }

        if (settings.OplogReplay)
        {
            arguments.Append("--oplogReplay");
        }

        AppendOptionalSwitch(arguments, "--nsInclude", settings.NsInclude);
        AppendOptionalSwitch(arguments, "--nsFrom", settings.NsFrom);
        AppendOptionalSwitch(arguments, "--nsTo", settings.NsTo);
        foreach (var extra in settings.ExtraArguments)
        {
            arguments.Append(extra);
        }

        return arguments;
    }
}
