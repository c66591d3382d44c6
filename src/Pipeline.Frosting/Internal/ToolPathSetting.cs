namespace Cake.Frosting.Internal;

/// <summary>The Cake setting that names the tools directory (<c>CAKE_PATHS_TOOLS</c>, <c>[Paths] Tools</c> in cake.config).</summary>
internal static class ToolPathSetting
{
    public const string Key = "Paths_Tools";
}
