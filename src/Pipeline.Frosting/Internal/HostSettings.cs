using System.ComponentModel;
using Cake.Cli;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Spectre.Console.Cli;

namespace Cake.Frosting.Internal;

/// <summary>The command line of a Frosting host; any other --key=value reaches the Cake arguments.</summary>
internal sealed class HostSettings : CommandSettings
{
    [CommandOption("--target|-t|--Target <TARGET>")]
    [Description("Target task to run. May be given more than once; Default when none is given.")]
    public string[] Targets { get; init; } = [];

    [CommandOption("--working|-w <PATH>")]
    [TypeConverter(typeof(Cake.Cli.DirectoryPathConverter))]
    [Description("Sets the working directory.")]
    public DirectoryPath? WorkingDirectory { get; init; }

    [CommandOption("--verbosity|-v <VERBOSITY>")]
    [DefaultValue(Verbosity.Normal)]
    [TypeConverter(typeof(VerbosityConverter))]
    [Description("Quiet, minimal, normal, verbose or diagnostic.")]
    public Verbosity Verbosity { get; init; }

    [CommandOption("--description|--descriptions|--showdescription|--showdescriptions")]
    [Description("Shows the description of every task.")]
    public bool Description { get; init; }

    [CommandOption("--tree|--showtree")]
    [Description("Shows the task dependency tree.")]
    public bool Tree { get; init; }

    [CommandOption("--dryrun|--noop|--whatif")]
    [Description("Shows what would run, runs no task body.")]
    public bool DryRun { get; init; }

    [CommandOption("--exclusive|-e")]
    [Description("Runs the target without its dependencies.")]
    public bool Exclusive { get; init; }

    [CommandOption("--version|--ver")]
    [Description("Prints the build's version and Cake's.")]
    public bool Version { get; init; }

    [CommandOption("--info")]
    [Description("Prints the build's and Cake's versions, the .NET runtime and the OS.")]
    public bool Info { get; init; }
}
