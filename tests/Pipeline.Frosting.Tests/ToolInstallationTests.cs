using Cake.Frosting;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Frosting.Tests;

public sealed class ToolInstallationTests : IDisposable
{
    private readonly string tools = Directory.CreateTempSubdirectory("frosting-tools-").FullName;

    [Fact]
    public void Given_a_tool_and_a_tool_path_When_run_Then_it_is_installed_there_before_the_tasks_and_resolvable()
    {
        var fixture = new HostFixture(typeof(UsesTool));
        fixture.Host
            .UsePackageInstaller<FakePackageInstaller>()
            .InstallTool(new Uri("fake:?package=Linter"))
            .SetToolPath(tools);

        var exitCode = fixture.Run("--target", nameof(UsesTool));

        Assert.Equal(0, exitCode);
        Assert.Equal([$"install Linter into {tools}", $"resolved {FakePackageInstaller.ToolFile}"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_nuget_tool_from_a_feed_When_run_Then_Cakes_NuGet_installer_puts_it_in_the_tool_path_and_it_resolves()
    {
        using var feed = new LocalNuGetFeed("Pipeline.FakeTool", "1.2.3", FakePackageInstaller.ToolFile);
        var fixture = new HostFixture(typeof(UsesTool));
        fixture.Host
            .InstallTool(new Uri($"nuget:{feed.Directory}?package=Pipeline.FakeTool&version=1.2.3"))
            .SetToolPath(tools);

        var exitCode = fixture.Run("--target", nameof(UsesTool));

        Assert.True(exitCode == 0, fixture.AllOutput);
        Assert.Equal([$"resolved {FakePackageInstaller.ToolFile}"], fixture.Log.Entries);
        Assert.Single(Directory.GetFiles(tools, FakePackageInstaller.ToolFile, SearchOption.AllDirectories));
    }

    [Fact]
    public void Given_a_tool_no_installer_takes_When_run_Then_it_fails_naming_the_scheme()
    {
        var fixture = new HostFixture(typeof(CleanTask));
        fixture.Host.ConfigureServices(services => services.UseTool(new Uri("unknown:?package=Linter")));

        var exitCode = fixture.Run("--target", "Clean");

        Assert.Equal(1, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("Could not find an installer for the 'unknown' scheme.", fixture.Console.Error);
    }

    [Fact]
    public void Given_a_setting_in_code_When_run_Then_the_context_configuration_has_it_and_an_argument_wins()
    {
        var inCode = new HostFixture(typeof(ReadsSetting));
        inCode.Host.UseCakeSetting("Pipeline_Setting", "from code");
        var overridden = new HostFixture(typeof(ReadsSetting));
        overridden.Host.UseCakeSetting("Pipeline_Setting", "from code");

        Assert.Equal(0, inCode.Run("--target", nameof(ReadsSetting)));
        Assert.Equal(0, overridden.Run("--target", nameof(ReadsSetting), "--pipeline_setting=from argument"));

        Assert.Equal(["setting=from code"], inCode.Log.Entries);
        Assert.Equal(["setting=from argument"], overridden.Log.Entries);
    }

    public void Dispose() => Directory.Delete(tools, recursive: true);
}
