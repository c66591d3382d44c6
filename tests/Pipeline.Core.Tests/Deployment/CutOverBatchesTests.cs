using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Tests.Deployment;

public sealed class CutOverBatchesTests
{
    private static readonly IReadOnlyList<IDeployTarget> Five = [.. Enumerable.Range(1, 5).Select(n => new FakeTarget($"app-{n}"))];

    [Fact]
    public void All_at_once_is_one_batch_of_every_target()
    {
        var batches = CutOverBatches.Of(new StrategySettings(), Five);

        Assert.Equal([["app-1", "app-2", "app-3", "app-4", "app-5"]], Names(batches));
    }

    [Fact]
    public void Rolling_switches_batch_size_targets_at_a_time_in_the_configured_order_and_the_last_batch_takes_the_rest()
    {
        var batches = CutOverBatches.Of(new StrategySettings { Kind = StrategyKind.Rolling, BatchSize = 2 }, Five);

        Assert.Equal([["app-1", "app-2"], ["app-3", "app-4"], ["app-5"]], Names(batches));
    }

    [Fact]
    public void Rolling_with_max_unavailable_or_nothing_given_batches_by_that_number_or_one()
    {
        Assert.Equal(2, CutOverBatches.Of(new StrategySettings { Kind = StrategyKind.Rolling, MaxUnavailable = 3 }, Five).Count);
        Assert.Equal(5, CutOverBatches.Of(new StrategySettings { Kind = StrategyKind.Rolling }, Five).Count);
    }

    private static List<List<string>> Names(IReadOnlyList<IReadOnlyList<IDeployTarget>> batches) => [.. batches.Select(b => b.Select(t => t.Name).ToList())];
}
