using Pipeline.Core.Routing;

namespace Pipeline.Core.Tests.Routing;

public sealed class CanaryWeightsTests
{
    [Theory]
    [InlineData(5, 1, 2, 10, 95)]
    [InlineData(20, 1, 2, 40, 80)]
    [InlineData(100, 1, 2, 200, 0)]
    [InlineData(50, 2, 8, 256, 64)]
    public void The_weights_give_the_canary_servers_together_the_step_share(int percent, int canary, int stable, int canaryWeight, int stableWeight)
    {
        var weights = CanaryWeights.For(percent, canary, stable);

        Assert.Equal((canaryWeight, stableWeight), weights);
        Assert.Equal(percent / 100.0, canary * weights.Canary / (double)((canary * weights.Canary) + (stable * weights.Stable)), 2);
    }
}
