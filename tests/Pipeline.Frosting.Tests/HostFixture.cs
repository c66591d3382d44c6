using Cake.Core;
using Cake.Frosting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Testing;
using Spectre.Console;

namespace Pipeline.Frosting.Tests;

/// <summary>Records which task bodies and lifetime hooks ran, in order.</summary>
public sealed class ExecutionLog
{
    public List<string> Entries { get; } = [];
}

/// <summary>A host with chosen tasks, a recording console, run with a real argument array.</summary>
public sealed class HostFixture : IDisposable
{
    private readonly List<Type> tasks = [];
    private readonly StringWriter ansiOutput = new();

    public HostFixture(params Type[] taskTypes)
        : this(entryAssembly: null, taskTypes)
    {
    }

    /// <summary>A host that takes <paramref name="entryAssembly"/> for the entry assembly, as a build program is.</summary>
    public HostFixture(System.Reflection.Assembly? entryAssembly, params Type[] taskTypes)
    {
        tasks.AddRange(taskTypes);
        Host = new CakeHost(entryAssembly)
            .UseContext<TestContext>()
            .ConfigureServices(services =>
            {
                services.AddSingleton<IConsole>(Console);
                services.AddSingleton(Log);
                services.AddSingleton(AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Ansi = AnsiSupport.No,
                    ColorSystem = ColorSystemSupport.NoColors,
                    Out = new AnsiConsoleOutput(ansiOutput),
                }));
                foreach (var task in tasks)
                {
                    services.AddSingleton(typeof(IFrostingTask), task);
                }
            });
    }

    public CakeHost Host { get; }

    public RecordingConsole Console { get; } = new();

    public ExecutionLog Log { get; } = new();

    public string Report => ansiOutput.ToString();

    public string AllOutput => Console.All + Report;

    public int Run(params string[] args) => Host.Run(args);

    public void Dispose() => ansiOutput.Dispose();
}

public sealed class TestContext(ICakeContext context) : FrostingContext(context)
{
    public string? Env => Arguments.HasArgument("env") ? Arguments.GetArgument("env") : null;
}
