using Cake.Core.Diagnostics;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Infrastructure;

/// <summary>The first lines of a run: which environment it acts on and why that one; production as a warning banner.</summary>
public static class EnvironmentBanner
{
    public static void Print(ICakeLog log, EnvironmentChoice choice)
    {
        foreach (var line in choice.Banner())
        {
            // Production's banner is a warning so a terminal shows it in colour; the text carries the weight without colour.
            if (choice.IsProduction)
            {
                log.Warning("{0}", line);
            }
            else
            {
                log.Information("{0}", line);
            }
        }
    }
}
